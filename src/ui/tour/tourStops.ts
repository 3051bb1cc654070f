// The guided tour's stops, in the order of the paper's argument. Each stop names the lab it
// needs (scenario, playback speed, how far the run must go, which panel to look at) and
// writes its text from the live numbers, never from typed-in ones.
import type { PresetId } from '../../core/presets';
import { formatCount, formatNumber } from '../format';

/** How far a stop's run must have gone, in the order the lab gets there. */
export const TOUR_GOALS = ['train', 'prune', 'fineTune'] as const;
export type TourGoal = (typeof TOUR_GOALS)[number];

/** The numbers a stop's text reads, gathered from the store and the latest frame. */
export interface TourFacts {
  lambda: number;
  beta: number;
  k: number;
  r: number;
  tau: number;
  /** Whether τ is the derived default √(2β). */
  tauIsDefault: boolean;
  step: number;
  aboveTau: number | null;
  /** Fraction of the columns with norm ≥ half the largest. */
  fractionAboveHalfMax: number | null;
  /** Smallest column norm at or above τ, and largest below it (null when there is none). */
  smallestKept: number | null;
  largestDropped: number | null;
  testErrorBeforePrune: number | null;
  testErrorAfterPrune: number | null;
  testErrorAfterFineTune: number | null;
  /** Fitted factor per step of the fine-tuning loss gap, and the decades it fell. */
  rho: number | null;
  gapDecades: number | null;
  /** λ above which the strongest direction σ*₁ cannot be learned [derived]. */
  strongestBound: number;
  /** λ above which the weakest direction σ*ᵣ cannot be learned [derived]. */
  weakestBound: number;
}

export interface TourStop {
  title: string;
  /** The scenario the stop runs (null: the Sweep tab's phase diagram, which needs no run). */
  preset: PresetId | null;
  /** Playback speed in steps per second; null is full speed. */
  speed: number | null;
  goal: TourGoal | null;
  /** The panel to look at: a section's accessible name. */
  region: string;
  text(facts: TourFacts): string;
}

const percent = (fraction: number | null): string => (fraction === null ? '—' : `${Math.round(fraction * 100)} %`);
const count = (value: number | null): string => (value === null ? '—' : formatCount(value));

function columnsNow(f: TourFacts): string {
  return `At step ${formatCount(f.step)}, ${count(f.aboveTau)} of ${f.k} columns stand above τ = ${formatNumber(f.tau)} (the true rank is r = ${f.r})`;
}

/** What the spread means for a threshold, read from the count above τ. */
function spreadVerdict(f: TourFacts): string {
  if (f.aboveTau === null || f.aboveTau === f.r) return '';
  return f.aboveTau > f.r ? `: τ would keep ${f.aboveTau - f.r} columns too many` : `: τ would keep ${f.r - f.aboveTau} columns too few`;
}

/** What pruning cost, read from the test errors on both sides of it. */
function pruneVerdict(f: TourFacts): string {
  if (f.testErrorBeforePrune === null || f.testErrorAfterPrune === null) return '';
  const ratio = f.testErrorAfterPrune / f.testErrorBeforePrune;
  return ratio < PRUNE_HARMLESS_RATIO
    ? ': the dropped columns carried almost nothing'
    : `: ${formatNumber(ratio)} times larger, which fine-tuning has to win back`;
}

/** A test error at most this many times its value before pruning counts as unharmed. */
const PRUNE_HARMLESS_RATIO = 1.5;

/** A slow pace for the stops where the class watches columns die. */
const WATCHING_SPEED = 200;

export const TOUR_STOPS: readonly TourStop[] = [
  {
    title: 'Without the penalty, the columns spread out',
    preset: 'unregularized',
    speed: null,
    goal: 'train',
    region: 'Column norms',
    text: (f) =>
      `Gradient descent with λ = ${formatNumber(f.lambda)} fits the data with every column it has. ${columnsNow(f)}, and ${percent(
        f.fractionAboveHalfMax,
      )} of them are at least half as long as the longest${spreadVerdict(f)}.`,
  },
  {
    title: 'With the group-Lasso penalty, columns die',
    preset: 'classroom',
    speed: WATCHING_SPEED,
    goal: 'train',
    region: 'Column norms',
    text: (f) =>
      `Now λ = ${formatNumber(f.lambda)} charges every column for its length, so a column that the data do not need shrinks towards 0. ${columnsNow(
        f,
      )}. Watch the grey bars sink below the line.`,
  },
  {
    title: 'A threshold separates the survivors',
    preset: 'classroom',
    speed: null,
    goal: 'train',
    region: 'Column norms',
    text: (f) =>
      `τ = ${formatNumber(f.tau)}${f.tauIsDefault ? ` = √(2β) with β = ${formatNumber(f.beta)} [derived]` : ', set by hand'}. The shortest column above it has norm ${formatNumber(
        f.smallestKept,
      )}, the longest below it ${formatNumber(f.largestDropped)}${
        f.smallestKept !== null && f.largestDropped !== null && f.largestDropped > 0
          ? `: a gap of ${formatNumber(f.smallestKept / f.largestDropped)}×`
          : ''
      }. ${columnsNow(f)}.`,
  },
  {
    title: 'Prune',
    preset: 'classroom',
    speed: null,
    goal: 'prune',
    region: 'Training curves',
    text: (f) =>
      `Pruning keeps the ${f.k} columns above τ. The test error ‖UUᵀ − M*‖_F was ${formatNumber(f.testErrorBeforePrune)} before pruning and is ${formatNumber(
        f.testErrorAfterPrune,
      )} right after it${pruneVerdict(f)}.`,
  },
  {
    title: 'Fine-tuning converges linearly',
    preset: 'classroom',
    speed: null,
    goal: 'fineTune',
    region: 'Fine-tuning loss',
    text: (f) =>
      `Gradient descent on the ${f.k} kept columns, without the penalty: the loss gap shrinks by a factor ρ = ${formatNumber(f.rho)} per step${
        f.gapDecades === null ? '' : `, ${formatNumber(f.gapDecades)} decades so far`
      } — a straight line on the log axis. The test error is now ${formatNumber(f.testErrorAfterFineTune)}.`,
  },
  {
    title: 'Too much λ learns nothing',
    preset: 'tooStrong',
    speed: WATCHING_SPEED,
    goal: 'train',
    region: 'Column norms',
    text: (f) =>
      `λ = ${formatNumber(f.lambda)} is ${f.lambda > f.strongestBound ? 'above' : 'below'} ${formatNumber(
        f.strongestBound,
      )}, the largest λ at which even the strongest direction can be learned [derived]. ${columnsNow(f)}${
        f.aboveTau === 0 ? ': every column stays stuck near 0' : ''
      }.`,
  },
  {
    title: 'The phase diagram',
    preset: null,
    speed: null,
    goal: null,
    region: 'Phase diagram',
    text: (f) =>
      `Each cell of the (λ, β) grid is a whole run, coloured by how many columns end above τ. At β = ${formatNumber(f.beta)} every direction is learned while λ < ${formatNumber(
        f.weakestBound,
      )} [derived], the dashed boundary; press Run sweep to fill the grid, and click a cell to load its run into the lab.`,
  },
];
