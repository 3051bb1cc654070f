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
  /** Told before each slow part of the setup starts, so a large run can say what it is building. */
  onStage?: (stage: SetupStage) => void;
}

/**
 * The slow parts of preparing a run, in order: drawing the problem (truth, n measurements,
 * test set), building the loss operator (for the Gram form, the one-time d²×d² fold of the
 * measurements), and timing one step for the ETA.
 */
export const SETUP_STAGES = ['problem', 'operator', 'timing'] as const;
export type SetupStage = (typeof SETUP_STAGES)[number];

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
  if (!overrides.problem) overrides.onStage?.('problem');
  const problem = overrides.problem ?? generateProblem(config, seeds);
  const k = overrides.k ?? config.k;
  const U0 = overrides.U0 ?? initialU(problem.d, k, config.initScale, seeds.init);
  const backend = overrides.backend ?? jsBackend;
  if (!overrides.operator) overrides.onStage?.('operator');
  const operator = overrides.operator ?? backend.createOperator(problem, config.operator, k);
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
