// The shapes of the lab store's state and actions, and the pure functions and selectors over
// them; the store itself (src/state/store.ts) holds the zustand instance and the worker wiring.
import type { RunConfig, ConfigKey } from '../core/config';
import { setupStageText, tauOf, type SetupStage } from '../core/runSetup';
import type { LaneStatistics } from '../core/session';
import type { Phase, StateMetrics } from '../core/types';
import type { DivergedResponse, LaneFrame, LaneId, LaneRunExport, LaneState, RunInfo, RunStatus } from '../worker/labProtocol';
import type { ViewState } from './view';

/** A lane's scalar state, refreshed at most every SUMMARY_INTERVAL_MS. */
export interface LaneSummary extends StateMetrics, LaneStatistics {
  state: LaneState;
  phase: Phase;
  k: number;
}

export interface ParamsState {
  /** The applied, valid configuration (what the worker runs). */
  config: RunConfig;
  /** What the user typed into a field that was refused, so the input can keep showing it. */
  drafts: Partial<Record<ConfigKey, string>>;
  /** The schema's message for each refused field. */
  fieldErrors: Partial<Record<ConfigKey, string>>;
  /** What loading a URL corrected (clamped values, dropped keys), for a dismissible notice. */
  corrections: string[];
}

export interface RunState {
  /** 'loading' until the worker answered the latest init with `ready`. */
  status: 'loading' | RunStatus;
  /** The setup stage the worker is in while 'loading' and the fraction of it done (null before it reported one). */
  preparing: { stage: SetupStage; fraction: number } | null;
  phase: Phase;
  info: RunInfo | null;
  lanes: Partial<Record<LaneId, LaneSummary>>;
  stepsPerSecond: number;
  pruned: Partial<Record<LaneId, number[]>>;
  diverged: DivergedResponse | null;
  error: { message: string; fields: string[] } | null;
}

export interface LabActions {
  /** Starts (or continues) the current phase. */
  train(): void;
  pause(): void;
  /** The Train/Pause button. */
  toggleTrain(): void;
  /** Advances `steps` steps (default one, as the help says) and pauses; never past the phase's budget. */
  step(steps?: number): void;
  /** Restarts from the same U₀ and data. */
  reset(): void;
  /** Fresh random seeds for every stream (then a restart). */
  newSeeds(): void;
  /** Prunes every lane at the effective τ. */
  prune(): void;
  fineTune(): void;
  /** Validates and applies one field; returns whether it was accepted. */
  setField(key: ConfigKey, raw: unknown): boolean;
  /** Sets τ (null: the default √(2β)); used by the slider and the draggable line. */
  setTau(tau: number | null): boolean;
  /** Replaces the whole configuration (presets, imported runs) and restarts. */
  applyConfig(config: RunConfig, corrections?: string[]): void;
  /** Loads a `?…` query (a shared link): clamps it and reports corrections. */
  loadQuery(search: string): void;
  setView(patch: Partial<Omit<ViewState, 'comparison'>>): void;
  /** Turns the unregularized lane on or off (restarts the run). */
  setComparison(on: boolean): void;
  dismissError(): void;
  dismissCorrections(): void;
  /**
   * The whole current run, one core RunResult per lane (turn it into a file with
   * core/runFile.ts runFileFromResult). Rejects when no worker is connected.
   */
  exportRun(): Promise<LaneRunExport[]>;
}

export interface LabState {
  params: ParamsState;
  run: RunState;
  view: ViewState;
  actions: LabActions;
}

export const emptyRun = (): RunState => ({
  status: 'loading',
  preparing: null,
  phase: 'train',
  info: null,
  lanes: {},
  stepsPerSecond: 0,
  pruned: {},
  diverged: null,
  error: null,
});

export function lanesFor(view: ViewState): LaneId[] {
  return view.comparison ? ['regularized', 'unregularized'] : ['regularized'];
}

/** A frame's lane as the lane summary React reads. */
export function laneSummary(lane: LaneFrame): LaneSummary {
  return {
    state: lane.state,
    phase: lane.phase,
    step: lane.step,
    k: lane.k,
    loss: lane.loss,
    objective: lane.objective,
    testError: lane.testError,
    relativeTestError: lane.relativeTestError,
    gradNorm: lane.gradNorm,
    aboveTau: lane.aboveTau,
    fractionAtHalfMax: lane.fractionAtHalfMax,
    milestones: lane.milestones,
    heldOutLoss: lane.heldOutLoss,
    heldOutMilestones: lane.heldOutMilestones,
    largestColumnsTestError: lane.largestColumnsTestError,
    largestColumnsFineTunedTestError: lane.largestColumnsFineTunedTestError,
  };
}

/** τ the lab prunes at: the config's, or the derived default √(2β). */
export function effectiveTau(config: RunConfig): number {
  return tauOf(config);
}

// ---------------------------------------------------------------- derived readouts

export const selectEffectiveTau = (s: LabState): number => effectiveTau(s.params.config);

/** What the worker is building while the run loads ("Preparing the run (2 of 3): …"), or null. */
export const selectPreparingText = (s: LabState): string | null =>
  s.run.status === 'loading' && s.run.preparing ? setupStageText(s.run.preparing.stage, s.params.config) : null;

/** The fraction of the current setup stage done while the run loads, or null before the worker reported one. */
export const selectPreparingFraction = (s: LabState): number | null => (s.run.status === 'loading' && s.run.preparing ? s.run.preparing.fraction : null);

export const selectIsRunning = (s: LabState): boolean => s.run.status === 'running';

/** "N columns above τ (r = …)" for the regularized lane, or null before the first frame. */
export const selectAboveTauReadout = (s: LabState): string | null => {
  const lane = s.run.lanes.regularized;
  if (!lane) return null;
  const r = s.run.info?.r ?? s.params.config.r;
  return `${lane.aboveTau} column${lane.aboveTau === 1 ? '' : 's'} above τ (r = ${r})`;
};
