// The one run file ("prunelab-run"): what the lab exports and saves and what the CLI's
// `run` writes as run.json. Everything needed to look at a run again elsewhere (config,
// seeds, histories, U before and after pruning) and to reproduce it bit for bit by re-running
// the config with its explicit seeds. The JSON stays readable from Python or a spreadsheet:
// each phase's U is a flat row-major number array with its `rows` and `cols` beside it
// (np.array(U).reshape(rows, cols)), numbers are plain JSON numbers (see numbers.ts for the
// doubles JSON cannot write).
import { version as APP_VERSION } from '../../../package.json';
import type { RunConfig } from '../config';
import type { KernelInfo } from '../kernels/types';
import type { RateFit } from '../metrics';
import type { PhaseSummary, RunOutcome, TheoryGuides } from '../runResult';
import { SEED_STREAMS, type HistoryEntry, type OperatorKind, type SeedSet } from '../types';

export const RUN_FILE_FORMAT = 'prunelab-run';
/**
 * Bumped whenever a reader of the previous version could misread a new file; a file of any
 * other version is refused. Version 1 (U nested as {rows, cols, data}) never shipped.
 */
export const RUN_FILE_VERSION = 2;
export { APP_VERSION };

/** The top-level keys of a run file, in the order encodeRunFile writes them; any other key is refused, as in a config. */
export const RUN_FILE_KEYS = [
  'format', 'formatVersion', 'appVersion', 'exportedAt', 'config', 'seeds', 'operatorKind', 'kernel', 'tau', 'problemFile',
  'phase1', 'kept', 'finetune', 'rate', 'gradNormRate', 'lossLimit', 'theory', 'status', 'reproducible',
] as const;

export const OPERATOR_KINDS: readonly OperatorKind[] = ['direct', 'gram', 'population', 'quadratic-direct', 'quadratic-gram'];
export const SEED_CONFIG_KEYS = {
  truth: 'truthSeed',
  sensing: 'sensingSeed',
  noise: 'noiseSeed',
  init: 'initSeed',
  test: 'testSeed',
} as const;
export const HISTORY_NUMBER_FIELDS = ['loss', 'objective', 'testError', 'relativeTestError', 'gradNorm', 'aboveTau', 'heldOutLoss'] as const;
/** What computed a file written before run files named their kernels: the JavaScript kernels were the only ones. */
export const KERNEL_BEFORE_RECORDING: KernelInfo = { name: 'js', precision: 'f64', threads: 1 };
export const REQUIRED_HISTORY_FIELDS = new Set<string>(['loss', 'gradNorm']);

export interface PhaseRecord {
  /** U at the end of the phase, d×(columns of the phase), row-major. */
  U: Float64Array;
  history: HistoryEntry[];
  /** The state after the phase's last step (not a checkpoint in general). */
  final: PhaseSummary;
}

/** Phase 1 also keeps the eigenvalues of UUᵀ at its end (largest first, min(d, k) of them). */
export interface Phase1Record extends PhaseRecord {
  eigenvalues: number[];
}

/** A run in memory. */
export interface RunFile {
  appVersion: string;
  /** ISO 8601 time of export, when known. */
  exportedAt: string | null;
  /** The configuration as run, with every seed stream and the pruning threshold τ explicit. */
  config: RunConfig;
  seeds: SeedSet;
  operatorKind: OperatorKind;
  /** The kernels that computed it: a run on other kernels or another precision agrees to AGREEMENT_TOLERANCE, not bit for bit. */
  kernel: KernelInfo;
  /** Threshold the run was pruned at (or would be, if it was not pruned). */
  tau: number;
  /** Path of the CLI's --problem file the run was trained on; null for a generated problem. */
  problemFile: string | null;
  /** Phase 1: U is d×k. */
  phase1: Phase1Record;
  /** Kept original column indices, ascending; null when the run was not pruned. */
  kept: number[] | null;
  /** Fine-tuning: U is d×|kept|; null when the run was not pruned. */
  finetune: PhaseRecord | null;
  /** Fit of the fine-tuning loss gap L(V_t) − L_∞ ≈ C ρᵗ. */
  rate: RateFit | null;
  /** Fit of ‖∇L(V_t)‖ ≈ C ρᵗ. */
  gradNormRate: RateFit | null;
  /** The L_∞ estimate behind `rate`. */
  lossLimit: { value: number; converged: boolean } | null;
  /** The [derived]/[paper] guides of math.md §5 for this run. */
  theory: TheoryGuides;
  status: RunOutcome;
  /**
   * False when the run was edited live (a hyper-parameter changed after its first step):
   * the config then holds the last values and re-running it does not repeat the run.
   */
  reproducible: boolean;
}

/** The config with every seed stream written out, so re-running it needs no seed derivation. */
export function withExplicitSeeds(config: RunConfig, seeds: SeedSet): RunConfig {
  const out: RunConfig = { ...config, sigmaStar: config.sigmaStar ? [...config.sigmaStar] : null };
  for (const stream of SEED_STREAMS) out[SEED_CONFIG_KEYS[stream]] = seeds[stream];
  return out;
}

export const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
