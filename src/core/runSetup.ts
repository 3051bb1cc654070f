// Setting up a run: the problem, the operator, U₀ and a Trainer of a configuration.
import type { RunConfig } from './config';
import { jsBackend } from './kernels/jsBackend';
import type { KernelBackend } from './kernels/types';
import { generateProblem, initialU } from './problem';
import { resolveSeeds } from './rng';
import { defaultTau } from './theory';
import { Trainer } from './trainer';
import type { LossOperator, Problem, SeedSet } from './types';

export interface RunOverrides {
  /** A loaded problem instead of a generated one (its d wins over config.d). */
  problem?: Problem;
  /** The initial U (d×k) instead of α·Z/√d from the init stream. */
  U0?: Float64Array;
  k?: number;
  /** An operator already built for this problem, to share the one-time Gram fold between runs. */
  operator?: LossOperator;
  /** The kernels that build the operators (default: the JS kernels). */
  backend?: KernelBackend;
  /**
   * Told as each slow part of the setup starts (fraction 0) and advances, so a large run can
   * say what it is building and how far it got (see stageProgress for how often).
   */
  onStage?: StageProgress;
}

/**
 * The slow parts of preparing a run, in order: drawing the problem (truth, n measurements,
 * test set), building the loss operator (for the Gram form, the one-time d²×d² fold of the
 * measurements), and timing one step for the ETA.
 */
export const SETUP_STAGES = ['problem', 'operator', 'timing'] as const;
export type SetupStage = (typeof SETUP_STAGES)[number];

/** Progress of a setup stage: `fraction` of its work done, from 0 (just started) to 1. */
export type StageProgress = (stage: SetupStage, fraction: number) => void;

/** Reports per stage at most, besides its start: one per whole percent. */
export const STAGE_PROGRESS_STEPS = 100;

/**
 * Tells `report` that `stage` started, and returns what the stage's loops call with the
 * fraction done after each unit of work (a row of sensing matrices, a block of the Gram
 * fold, a timed step). It passes a fraction on only when it reached the next whole percent,
 * so a loop of millions of rows sends at most STAGE_PROGRESS_STEPS messages; going back is
 * never reported.
 */
export function stageProgress(report: StageProgress | undefined, stage: SetupStage): ((fraction: number) => void) | undefined {
  if (!report) return undefined;
  report(stage, 0);
  let reported = 0;
  return (fraction) => {
    const steps = Math.floor(Math.min(1, fraction) * STAGE_PROGRESS_STEPS);
    if (steps <= reported) return;
    reported = steps;
    report(stage, steps / STAGE_PROGRESS_STEPS);
  };
}

/** "Preparing the run (2 of 3): building the loss operator over n = 20000 measurements, d = 500…" */
export function setupStageText(stage: SetupStage, config: Pick<RunConfig, 'model' | 'd' | 'k' | 'r' | 'n'>): string {
  const size = config.model === 'population' ? `d = ${config.d}` : `n = ${config.n} measurements, d = ${config.d}`;
  const what: Record<SetupStage, string> = {
    problem: `drawing the rank-${config.r} problem (${size})`,
    operator: `building the loss operator (${size})`,
    timing: `timing one step (d = ${config.d}, k = ${config.k})`,
  };
  return `Preparing the run (${SETUP_STAGES.indexOf(stage) + 1} of ${SETUP_STAGES.length}): ${what[stage]}…`;
}

/** "45%": the fraction of a setup stage done, in whole percent as reported. */
export function setupFractionText(fraction: number): string {
  return `${Math.floor(fraction * STAGE_PROGRESS_STEPS)}%`;
}

export interface RunSetup {
  seeds: SeedSet;
  problem: Problem;
  operator: LossOperator;
  U0: Float64Array;
  k: number;
  tau: number;
  trainer: Trainer;
}

/** The pruning threshold of a configuration: config.tau, or the derived default √(2β). */
export function tauOf(config: Pick<RunConfig, 'tau' | 'beta'>): number {
  return config.tau ?? defaultTau(config.beta);
}

/** Builds the problem, operator, U₀ and a Trainer of a (validated) configuration. */
export function setupRun(config: RunConfig, overrides: RunOverrides = {}): RunSetup {
  const seeds = resolveSeeds(config);
  const problem = overrides.problem ?? generateProblem(config, seeds, stageProgress(overrides.onStage, 'problem'), overrides.backend?.fillNormals);
  const k = overrides.k ?? config.k;
  const U0 = overrides.U0 ?? initialU(problem.d, k, config.initScale, seeds.init);
  const backend = overrides.backend ?? jsBackend;
  const operator = overrides.operator ?? backend.createOperator(problem, config.operator, k, stageProgress(overrides.onStage, 'operator'));
  const tau = tauOf(config);
  const trainer = new Trainer({
    problem,
    operator,
    U0,
    k,
    hyper: {
      lambda: config.lambda,
      beta: config.beta,
      regularizer: config.regularizer,
      eta: config.eta,
      fineTuneEta: config.fineTuneEta,
    },
    checkpointEvery: config.checkpointEvery,
    tau,
    backend,
  });
  return { seeds, problem, operator, U0, k, tau, trainer };
}
