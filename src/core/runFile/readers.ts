// Readers of the parts of a run file: each checks one field, records every problem it finds
// in a message that says what to change, and returns null/undefined when it found one.
import { MAX_SEED } from '../config';
import type { KernelInfo } from '../kernels/types';
import type { RateFit } from '../metrics';
import { quote } from '../quote';
import type { PhaseSummary, RunOutcome, TheoryGuides } from '../runResult';
import { SEED_STREAMS, type HistoryEntry, type Phase, type SeedSet } from '../types';
import { decodeNumber } from './numbers';
import { HISTORY_NUMBER_FIELDS, KERNEL_BEFORE_RECORDING, REQUIRED_HISTORY_FIELDS, isRecord, type PhaseRecord, type RunFile } from './schema';

/** Collects every problem of a file at once, so one round of editing can fix them all. */
export class Problems {
  readonly list: string[] = [];
  add(message: string): void {
    this.list.push(message);
  }
}

/** A list of numbers (JSON numbers or the strings of encodeNumber); records a problem and returns null otherwise. */
export function readNumbers(raw: unknown, path: string, length: number | null, problems: Problems): number[] | null {
  if (!Array.isArray(raw)) {
    problems.add(`${path} must be an array of numbers`);
    return null;
  }
  if (length !== null && raw.length !== length) {
    problems.add(`${path} has ${raw.length} numbers but needs ${length}; the file looks truncated, export it again`);
    return null;
  }
  const out: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const value = decodeNumber(raw[i]);
    if (value === null) {
      problems.add(`${path}[${i}] is ${quote(raw[i])}; every entry must be a number (or "NaN", "Infinity", "-Infinity", "-0")`);
      return null;
    }
    out.push(value);
  }
  return out;
}

/** A phase's U: the flat row-major array `phase.U` with `phase.rows` and `phase.cols` beside it. */
function readMatrix(phase: Record<string, unknown>, path: string, rows: number, cols: number, problems: Problems): Float64Array | null {
  const data = phase.U;
  if (!Array.isArray(data)) {
    problems.add(`${path}.U must be the flat row-major array of the ${rows}×${cols} matrix, with "rows": ${rows} and "cols": ${cols} beside it`);
    return null;
  }
  if (phase.rows !== rows || phase.cols !== cols) {
    problems.add(`${path} is ${quote(phase.rows)}×${quote(phase.cols)} but the config implies ${rows}×${cols}; export the run again or restore d and k`);
    return null;
  }
  if (data.length !== rows * cols) {
    problems.add(`${path}.U has ${data.length} numbers but ${rows}×${cols} needs ${rows * cols}; the file looks truncated, export it again`);
    return null;
  }
  const values = readNumbers(data, `${path}.U`, null, problems);
  return values ? Float64Array.from(values) : null;
}

function readHistory(raw: unknown, path: string, phase: Phase, problems: Problems): HistoryEntry[] {
  if (!Array.isArray(raw)) {
    problems.add(`${path} must be an array of {"step", "loss", "gradNorm", …} entries`);
    return [];
  }
  const entries: HistoryEntry[] = [];
  for (let i = 0; i < raw.length; i++) {
    const item: unknown = raw[i];
    const where = `${path}[${i}]`;
    if (!isRecord(item)) {
      problems.add(`${where} must be an object such as {"step": 0, "loss": 1.2, "gradNorm": 0.3}`);
      return entries;
    }
    const step = item.step;
    if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) {
      problems.add(`${where}.step must be a whole number ≥ 0 (got ${quote(step)})`);
      return entries;
    }
    if (i > 0 && step <= entries[i - 1].step) {
      problems.add(`${where}.step = ${step} does not increase after ${entries[i - 1].step}; keep the ${phase} history in step order`);
      return entries;
    }
    const entry: HistoryEntry = { step, loss: NaN, gradNorm: NaN };
    for (const key of HISTORY_NUMBER_FIELDS) {
      if (!(key in item)) {
        if (REQUIRED_HISTORY_FIELDS.has(key)) {
          problems.add(`${where} lacks "${key}"; every history entry needs "loss" and "gradNorm"`);
          return entries;
        }
        continue;
      }
      const value = decodeNumber(item[key]);
      if (value === null) {
        problems.add(`${where}.${key} must be a number (got ${quote(item[key])})`);
        return entries;
      }
      entry[key] = value;
    }
    const unknown = Object.keys(item).filter((key) => key !== 'step' && !(HISTORY_NUMBER_FIELDS as readonly string[]).includes(key));
    if (unknown.length) {
      problems.add(`${where} has unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map(quote).join(', ')}; allowed are step, ${HISTORY_NUMBER_FIELDS.join(', ')}`);
      return entries;
    }
    entries.push(entry);
  }
  return entries;
}

export function readSeeds(raw: unknown, problems: Problems): SeedSet | null {
  if (!isRecord(raw)) {
    problems.add(`seeds must be an object with one seed per stream (${SEED_STREAMS.join(', ')})`);
    return null;
  }
  const seeds = {} as SeedSet;
  for (const stream of SEED_STREAMS) {
    const value = raw[stream];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_SEED) {
      problems.add(`seeds.${stream} must be a whole number from 0 to ${MAX_SEED} (got ${quote(value)})`);
      return null;
    }
    seeds[stream] = value;
  }
  return seeds;
}

export function readKept(raw: unknown, k: number, problems: Problems): number[] | null | undefined {
  if (raw === null) return null;
  if (!Array.isArray(raw)) {
    problems.add('kept must be null (not pruned) or an ascending array of column indices');
    return undefined;
  }
  for (let i = 0; i < raw.length; i++) {
    const index: unknown = raw[i];
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= k) {
      problems.add(`kept[${i}] = ${quote(index)} is not a column index from 0 to ${k - 1}`);
      return undefined;
    }
    if (i > 0 && index <= (raw[i - 1] as number)) {
      problems.add(`kept must list each column once in ascending order (kept[${i}] = ${index} follows ${String(raw[i - 1])})`);
      return undefined;
    }
  }
  return raw as number[];
}

/** A number field (or, with `nullable`, null); records a problem and returns undefined when it is not. */
function readNumber(raw: unknown, path: string, problems: Problems, nullable = false): number | null | undefined {
  if (nullable && raw === null) return null;
  const value = decodeNumber(raw);
  if (value === null) {
    problems.add(`${path} must be a number${nullable ? ' or null' : ''} (got ${quote(raw)})`);
    return undefined;
  }
  return value;
}

function readCount(raw: unknown, path: string, problems: Problems): number | undefined {
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) return raw;
  problems.add(`${path} must be a whole number ≥ 0 (got ${quote(raw)})`);
  return undefined;
}

function readSummary(raw: unknown, path: string, columns: number, problems: Problems): PhaseSummary | null {
  if (!isRecord(raw)) {
    problems.add(`${path} must be an object {"step", "loss", "gradNorm", "columnNorms", …} describing the state after the last step`);
    return null;
  }
  const before = problems.list.length;
  const step = readCount(raw.step, `${path}.step`, problems);
  const loss = readNumber(raw.loss, `${path}.loss`, problems);
  const objective = readNumber(raw.objective, `${path}.objective`, problems, true);
  const testError = readNumber(raw.testError, `${path}.testError`, problems, true);
  const relativeTestError = readNumber(raw.relativeTestError, `${path}.relativeTestError`, problems, true);
  const gradNorm = readNumber(raw.gradNorm, `${path}.gradNorm`, problems);
  const aboveTau = readCount(raw.aboveTau, `${path}.aboveTau`, problems);
  const norms = Array.isArray(raw.columnNorms) ? raw.columnNorms.map(decodeNumber) : null;
  if (!norms || norms.length !== columns || norms.some((x) => x === null)) {
    problems.add(`${path}.columnNorms must list ${columns} numbers, one per column`);
  }
  if (problems.list.length > before) return null;
  return {
    step: step as number,
    loss: loss as number,
    objective: objective as number | null,
    testError: testError as number | null,
    relativeTestError: relativeTestError as number | null,
    gradNorm: gradNorm as number,
    aboveTau: aboveTau as number,
    columnNorms: norms as number[],
  };
}

export function readPhase(raw: unknown, path: string, phase: Phase, rows: number, cols: number, problems: Problems): PhaseRecord | null {
  if (!isRecord(raw)) {
    problems.add(`${path} must be an object {"U": […], "rows", "cols", "history": […], "final": …}`);
    return null;
  }
  const U = readMatrix(raw, path, rows, cols, problems);
  const history = readHistory(raw.history, `${path}.history`, phase, problems);
  const final = readSummary(raw.final, `${path}.final`, cols, problems);
  return U && final ? { U, history, final } : null;
}

export function readRate(raw: unknown, path: string, problems: Problems): RateFit | null | undefined {
  if (raw === null || raw === undefined) return null;
  if (!isRecord(raw)) {
    problems.add(`${path} must be null or {"rho", "C", "r2", "fittedFrom", "fittedTo", "points"}`);
    return undefined;
  }
  const before = problems.list.length;
  const rho = readNumber(raw.rho, `${path}.rho`, problems);
  const C = readNumber(raw.C, `${path}.C`, problems);
  const r2 = readNumber(raw.r2, `${path}.r2`, problems);
  const fittedFrom = readCount(raw.fittedFrom, `${path}.fittedFrom`, problems);
  const fittedTo = readCount(raw.fittedTo, `${path}.fittedTo`, problems);
  const points = readCount(raw.points, `${path}.points`, problems);
  if (problems.list.length > before) return undefined;
  return { rho: rho as number, C: C as number, r2: r2 as number, fittedFrom: fittedFrom as number, fittedTo: fittedTo as number, points: points as number };
}

export function readTheory(raw: unknown, problems: Problems): TheoryGuides | undefined {
  const shape = 'theory must be {"learnabilityBounds": [...], "learnableDirections", "stabilityBound", "predictedBias", "finiteSampleErrorScale"}';
  if (!isRecord(raw)) {
    problems.add(shape);
    return undefined;
  }
  const before = problems.list.length;
  const learnabilityBounds = readNumbers(raw.learnabilityBounds, 'theory.learnabilityBounds', null, problems);
  const learnableDirections = readCount(raw.learnableDirections, 'theory.learnableDirections', problems);
  const stabilityBound = readNumber(raw.stabilityBound, 'theory.stabilityBound', problems);
  const predictedBias = readNumber(raw.predictedBias, 'theory.predictedBias', problems);
  const finiteSampleErrorScale = readNumber(raw.finiteSampleErrorScale, 'theory.finiteSampleErrorScale', problems, true);
  if (problems.list.length > before) return undefined;
  return {
    learnabilityBounds: learnabilityBounds as number[],
    learnableDirections: learnableDirections as number,
    stabilityBound: stabilityBound as number,
    predictedBias: predictedBias as number,
    finiteSampleErrorScale: finiteSampleErrorScale as number | null,
  };
}

export function readLossLimit(raw: unknown, problems: Problems): RunFile['lossLimit'] | undefined {
  if (raw === null || raw === undefined) return null;
  const value = isRecord(raw) ? decodeNumber(raw.value) : null;
  if (!isRecord(raw) || value === null || typeof raw.converged !== 'boolean') {
    problems.add('lossLimit must be null or {"value": <number>, "converged": true|false}');
    return undefined;
  }
  return { value, converged: raw.converged };
}

export function readStatus(raw: unknown, problems: Problems): RunOutcome | undefined {
  if (isRecord(raw) && raw.kind === 'completed') return { kind: 'completed' };
  if (isRecord(raw) && raw.kind === 'diverged') {
    const suggestedEta = decodeNumber(raw.suggestedEta);
    if ((raw.phase === 'train' || raw.phase === 'finetune') && typeof raw.step === 'number' && Number.isInteger(raw.step) && typeof raw.reason === 'string' && suggestedEta !== null) {
      return { kind: 'diverged', phase: raw.phase, step: raw.step, reason: raw.reason, suggestedEta };
    }
  }
  problems.add('status must be {"kind": "completed"} or {"kind": "diverged", "phase": "train"|"finetune", "step", "reason", "suggestedEta"}');
  return undefined;
}


/** The kernels that computed the run; a file from before they were recorded ran on the JavaScript kernels. */
export function readKernel(raw: unknown, problems: Problems): KernelInfo | undefined {
  if (raw === undefined) return { ...KERNEL_BEFORE_RECORDING };
  const valid =
    isRecord(raw) &&
    (raw.name === 'js' || raw.name === 'wasm') &&
    (raw.precision === 'f64' || raw.precision === 'f32') &&
    typeof raw.threads === 'number' &&
    Number.isInteger(raw.threads) &&
    raw.threads >= 1;
  if (!valid) {
    problems.add(`kernel must be { "name": "js" | "wasm", "precision": "f64" | "f32", "threads": a whole number ≥ 1 } (got ${JSON.stringify(raw)})`);
    return undefined;
  }
  return { name: raw.name as KernelInfo['name'], precision: raw.precision as KernelInfo['precision'], threads: raw.threads as number };
}
