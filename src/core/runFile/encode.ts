// Writing a run file: a pipeline result to the in-memory RunFile, and a RunFile to JSON.
import type { RateFit } from '../metrics';
import type { PhaseSummary, RunResult, TheoryGuides } from '../runResult';
import type { HistoryEntry } from '../types';
import { encodeNumber, type EncodedNumber } from './numbers';
import { APP_VERSION, HISTORY_NUMBER_FIELDS, RUN_FILE_FORMAT, RUN_FILE_VERSION, withExplicitSeeds, type PhaseRecord, type RunFile } from './schema';

function encodeHistory(history: HistoryEntry[]): Record<string, EncodedNumber>[] {
  return history.map((entry) => {
    const out: Record<string, EncodedNumber> = { step: entry.step };
    for (const key of HISTORY_NUMBER_FIELDS) {
      const value = entry[key];
      if (value !== undefined) out[key] = encodeNumber(value);
    }
    return out;
  });
}

function encodeNullable(x: number | null): EncodedNumber | null {
  return x === null ? null : encodeNumber(x);
}

function encodeSummary(final: PhaseSummary): Record<string, unknown> {
  return {
    step: final.step,
    loss: encodeNumber(final.loss),
    objective: encodeNullable(final.objective),
    testError: encodeNullable(final.testError),
    relativeTestError: encodeNullable(final.relativeTestError),
    gradNorm: encodeNumber(final.gradNorm),
    aboveTau: final.aboveTau,
    columnNorms: final.columnNorms.map(encodeNumber),
  };
}

function encodeRate(rate: RateFit | null): Record<string, unknown> | null {
  if (!rate) return null;
  return {
    rho: encodeNumber(rate.rho),
    C: encodeNumber(rate.C),
    r2: encodeNumber(rate.r2),
    fittedFrom: rate.fittedFrom,
    fittedTo: rate.fittedTo,
    points: rate.points,
  };
}

function encodePhase(record: PhaseRecord, rows: number, cols: number): Record<string, unknown> {
  return { U: Array.from(record.U, encodeNumber), rows, cols, history: encodeHistory(record.history), final: encodeSummary(record.final) };
}

function encodeTheory(theory: TheoryGuides): Record<string, unknown> {
  return {
    learnabilityBounds: theory.learnabilityBounds.map(encodeNumber),
    learnableDirections: theory.learnableDirections,
    stabilityBound: encodeNumber(theory.stabilityBound),
    predictedBias: encodeNumber(theory.predictedBias),
    finiteSampleErrorScale: encodeNullable(theory.finiteSampleErrorScale),
  };
}


export interface RunFileOptions {
  exportedAt?: string | null;
  reproducible?: boolean;
  /** The problem file a loaded problem came from (CLI --problem); its config cannot regenerate it. */
  problemFile?: string | null;
}

/**
 * The run file of a pipeline result. A run of a loaded problem (CLI --problem) must name its
 * problem file; its config then describes the sizes but cannot regenerate the data.
 */
export function runFileFromResult(
  result: RunResult,
  { exportedAt = null, reproducible = true, problemFile = null }: RunFileOptions = {},
): RunFile {
  if (result.d !== result.config.d || result.k !== result.config.k) {
    throw new Error(`this run's U is ${result.d}×${result.k} but its config says d = ${result.config.d}, k = ${result.config.k}; set d and k to the problem's sizes`);
  }
  const phase = (record: { U: number[]; history: HistoryEntry[]; final: PhaseSummary }): PhaseRecord => ({
    U: Float64Array.from(record.U),
    history: record.history,
    final: record.final,
  });
  return {
    appVersion: APP_VERSION,
    exportedAt,
    // τ written out like the seeds: a default τ (null, i.e. √(2β)) and the same τ typed in
    // are one run, and the file should say so the same way whichever wrote it.
    config: { ...withExplicitSeeds(result.config, result.seeds), tau: result.tau },
    seeds: { ...result.seeds },
    operatorKind: result.operatorKind,
    kernel: { ...result.kernel },
    tau: result.tau,
    problemFile,
    phase1: { ...phase(result.phase1), eigenvalues: [...result.phase1.eigenvalues] },
    kept: result.kept,
    finetune: result.finetune ? phase(result.finetune) : null,
    rate: result.rate,
    gradNormRate: result.gradNormRate,
    lossLimit: result.lossLimit,
    theory: result.theory,
    status: result.status,
    reproducible,
  };
}

/** The JSON document of a run (a plain object, ready for JSON.stringify). */
export function encodeRunFile(run: RunFile): Record<string, unknown> {
  const { d, k } = run.config;
  const keptCount = run.kept ? run.kept.length : 0;
  return {
    format: RUN_FILE_FORMAT,
    formatVersion: RUN_FILE_VERSION,
    appVersion: run.appVersion,
    exportedAt: run.exportedAt,
    config: withExplicitSeeds(run.config, run.seeds),
    seeds: { ...run.seeds },
    operatorKind: run.operatorKind,
    kernel: { ...run.kernel },
    tau: encodeNumber(run.tau),
    problemFile: run.problemFile,
    phase1: { ...encodePhase(run.phase1, d, k), eigenvalues: run.phase1.eigenvalues.map(encodeNumber) },
    kept: run.kept ? [...run.kept] : null,
    finetune: run.finetune ? encodePhase(run.finetune, d, keptCount) : null,
    rate: encodeRate(run.rate),
    gradNormRate: encodeRate(run.gradNormRate),
    lossLimit: run.lossLimit ? { value: encodeNumber(run.lossLimit.value), converged: run.lossLimit.converged } : null,
    theory: encodeTheory(run.theory),
    status: run.status.kind === 'completed' ? { kind: 'completed' } : { ...run.status, suggestedEta: encodeNumber(run.status.suggestedEta) },
    reproducible: run.reproducible,
  };
}

/** The run as JSON text, on one line: U of a large run is megabytes and indentation would double it. */
export function serializeRunFile(run: RunFile): string {
  return JSON.stringify(encodeRunFile(run));
}

