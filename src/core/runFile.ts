// The one run file ("prunelab-run"): what the lab exports and saves and what the CLI's
// `run` writes as run.json. Everything needed to look at a run again elsewhere (config,
// seeds, histories, U before and after pruning) and to reproduce it bit for bit by re-running
// the config with its explicit seeds. The JSON stays readable from Python or a spreadsheet:
// each phase's U is a flat row-major number array with its `rows` and `cols` beside it
// (np.array(U).reshape(rows, cols)), numbers are plain JSON numbers.
// JSON has no NaN, ±Infinity or −0, and JSON.stringify would silently turn them into null
// or 0; they are written as the strings "NaN", "Infinity", "-Infinity", "-0" instead, so
// every double survives the round trip exactly.
import { version as APP_VERSION } from '../../package.json';
import { MAX_SEED, parseConfig, type RunConfig } from './config';
import type { RateFit } from './metrics';
import { resolveSeeds } from './rng';
import type { PhaseSummary, RunResult, RunStatus, TheoryGuides } from './run';
import { SEED_STREAMS, type HistoryEntry, type OperatorKind, type Phase, type SeedSet } from './types';

export const RUN_FILE_FORMAT = 'prunelab-run';
/**
 * Bumped whenever a reader of the previous version could misread a new file; a file of any
 * other version is refused. Version 1 (U nested as {rows, cols, data}) never shipped.
 */
export const RUN_FILE_VERSION = 2;
export { APP_VERSION };

const OPERATOR_KINDS: readonly OperatorKind[] = ['direct', 'gram', 'population', 'quadratic-direct', 'quadratic-gram'];
const SEED_CONFIG_KEYS = {
  truth: 'truthSeed',
  sensing: 'sensingSeed',
  noise: 'noiseSeed',
  init: 'initSeed',
  test: 'testSeed',
} as const;
const HISTORY_NUMBER_FIELDS = ['loss', 'objective', 'testError', 'relativeTestError', 'gradNorm', 'aboveTau', 'heldOutLoss'] as const;
const REQUIRED_HISTORY_FIELDS = new Set<string>(['loss', 'gradNorm']);

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
  status: RunStatus;
  /**
   * False when the run was edited live (a hyper-parameter changed after its first step):
   * the config then holds the last values and re-running it does not repeat the run.
   */
  reproducible: boolean;
}

type EncodedNumber = number | 'NaN' | 'Infinity' | '-Infinity' | '-0';

function encodeNumber(x: number): EncodedNumber {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (Object.is(x, -0)) return '-0';
  return x;
}

function decodeNumber(raw: unknown): number | null {
  if (typeof raw === 'number') return raw;
  if (raw === 'NaN') return NaN;
  if (raw === 'Infinity') return Infinity;
  if (raw === '-Infinity') return -Infinity;
  if (raw === '-0') return -0;
  return null;
}


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

/** The config with every seed stream written out, so re-running it needs no seed derivation. */
export function withExplicitSeeds(config: RunConfig, seeds: SeedSet): RunConfig {
  const out: RunConfig = { ...config, sigmaStar: config.sigmaStar ? [...config.sigmaStar] : null };
  for (const stream of SEED_STREAMS) out[SEED_CONFIG_KEYS[stream]] = seeds[stream];
  return out;
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

export type ParseRunFileResult =
  | {
      ok: true;
      run: RunFile;
      /** The config to re-run: the file's config with its explicit seeds. */
      replayConfig: RunConfig;
      /** Things that were accepted but deserve a word (e.g. a different app version). */
      warnings: string[];
    }
  | { ok: false; errors: string[] };

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Collects every problem of a file at once, so one round of editing can fix them all. */
class Problems {
  readonly list: string[] = [];
  add(message: string): void {
    this.list.push(message);
  }
}

/** A list of numbers (JSON numbers or the strings of encodeNumber); records a problem and returns null otherwise. */
function readNumbers(raw: unknown, path: string, length: number | null, problems: Problems): number[] | null {
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
      problems.add(`${path}[${i}] is ${JSON.stringify(raw[i])}; every entry must be a number (or "NaN", "Infinity", "-Infinity", "-0")`);
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
    problems.add(`${path} is ${String(phase.rows)}×${String(phase.cols)} but the config implies ${rows}×${cols}; export the run again or restore d and k`);
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
      problems.add(`${where}.step must be a whole number ≥ 0 (got ${JSON.stringify(step)})`);
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
        problems.add(`${where}.${key} must be a number (got ${JSON.stringify(item[key])})`);
        return entries;
      }
      entry[key] = value;
    }
    const unknown = Object.keys(item).filter((key) => key !== 'step' && !(HISTORY_NUMBER_FIELDS as readonly string[]).includes(key));
    if (unknown.length) {
      problems.add(`${where} has unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((key) => `"${key}"`).join(', ')}; allowed are step, ${HISTORY_NUMBER_FIELDS.join(', ')}`);
      return entries;
    }
    entries.push(entry);
  }
  return entries;
}

function readSeeds(raw: unknown, problems: Problems): SeedSet | null {
  if (!isRecord(raw)) {
    problems.add(`seeds must be an object with one seed per stream (${SEED_STREAMS.join(', ')})`);
    return null;
  }
  const seeds = {} as SeedSet;
  for (const stream of SEED_STREAMS) {
    const value = raw[stream];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_SEED) {
      problems.add(`seeds.${stream} must be a whole number from 0 to ${MAX_SEED} (got ${JSON.stringify(value)})`);
      return null;
    }
    seeds[stream] = value;
  }
  return seeds;
}

function readKept(raw: unknown, k: number, problems: Problems): number[] | null | undefined {
  if (raw === null) return null;
  if (!Array.isArray(raw)) {
    problems.add('kept must be null (not pruned) or an ascending array of column indices');
    return undefined;
  }
  for (let i = 0; i < raw.length; i++) {
    const index: unknown = raw[i];
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= k) {
      problems.add(`kept[${i}] = ${JSON.stringify(index)} is not a column index from 0 to ${k - 1}`);
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
    problems.add(`${path} must be a number${nullable ? ' or null' : ''} (got ${JSON.stringify(raw)})`);
    return undefined;
  }
  return value;
}

function readCount(raw: unknown, path: string, problems: Problems): number | undefined {
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) return raw;
  problems.add(`${path} must be a whole number ≥ 0 (got ${JSON.stringify(raw)})`);
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

function readPhase(raw: unknown, path: string, phase: Phase, rows: number, cols: number, problems: Problems): PhaseRecord | null {
  if (!isRecord(raw)) {
    problems.add(`${path} must be an object {"U": […], "rows", "cols", "history": […], "final": …}`);
    return null;
  }
  const U = readMatrix(raw, path, rows, cols, problems);
  const history = readHistory(raw.history, `${path}.history`, phase, problems);
  const final = readSummary(raw.final, `${path}.final`, cols, problems);
  return U && final ? { U, history, final } : null;
}

function readRate(raw: unknown, path: string, problems: Problems): RateFit | null | undefined {
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

function readTheory(raw: unknown, problems: Problems): TheoryGuides | undefined {
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

function readLossLimit(raw: unknown, problems: Problems): RunFile['lossLimit'] | undefined {
  if (raw === null || raw === undefined) return null;
  const value = isRecord(raw) ? decodeNumber(raw.value) : null;
  if (!isRecord(raw) || value === null || typeof raw.converged !== 'boolean') {
    problems.add('lossLimit must be null or {"value": <number>, "converged": true|false}');
    return undefined;
  }
  return { value, converged: raw.converged };
}

function readStatus(raw: unknown, problems: Problems): RunStatus | undefined {
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

/**
 * Reads a run file (JSON text or an already parsed value). The config goes through the one
 * schema in strict mode, so a file is refused for the same reasons a CLI flag would be, and
 * every problem comes back as a message that says what to change.
 */
export function parseRunFile(input: unknown): ParseRunFileResult {
  let raw: unknown = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch (error) {
      return { ok: false, errors: [`the file is not valid JSON (${(error as Error).message}); choose a run exported from PruneLab`] };
    }
  }
  if (!isRecord(raw)) return { ok: false, errors: ['a run file must be a JSON object; choose a run exported from PruneLab'] };
  if (raw.format !== RUN_FILE_FORMAT) {
    return { ok: false, errors: [`this is not a PruneLab run (its "format" is ${JSON.stringify(raw.format)}, expected "${RUN_FILE_FORMAT}"); choose a file saved with "Export run JSON"`] };
  }
  const formatVersion = raw.formatVersion;
  if (typeof formatVersion !== 'number' || !Number.isInteger(formatVersion) || formatVersion < 1) {
    return { ok: false, errors: [`formatVersion must be a whole number ≥ 1 (got ${JSON.stringify(formatVersion)})`] };
  }
  if (formatVersion > RUN_FILE_VERSION) {
    return { ok: false, errors: [`the run was written in format ${formatVersion} by a newer PruneLab; this version (${APP_VERSION}) reads format ${RUN_FILE_VERSION}. Update PruneLab to open it`] };
  }
  if (formatVersion !== RUN_FILE_VERSION) {
    return { ok: false, errors: [`the run is in format ${formatVersion}, which PruneLab ${APP_VERSION} does not read (it reads format ${RUN_FILE_VERSION}); export the run again from a current PruneLab`] };
  }

  const parsedConfig = parseConfig(raw.config, 'strict');
  if (!parsedConfig.ok) {
    return { ok: false, errors: parsedConfig.errors.map((e) => `config: ${e.message}`) };
  }
  const config = parsedConfig.config;
  const problems = new Problems();
  const warnings: string[] = [];

  const appVersion = typeof raw.appVersion === 'string' ? raw.appVersion : null;
  if (appVersion === null) problems.add('appVersion must be a string such as "0.1.0"');
  else if (appVersion !== APP_VERSION) warnings.push(`the run was exported by PruneLab ${appVersion}; this is ${APP_VERSION}, so a re-run may differ if the numerics changed in between`);
  const exportedAt = raw.exportedAt === undefined || raw.exportedAt === null ? null : raw.exportedAt;
  if (exportedAt !== null && typeof exportedAt !== 'string') problems.add('exportedAt must be null or an ISO date string');

  const seeds = readSeeds(raw.seeds, problems);
  if (seeds) {
    for (const stream of SEED_STREAMS) {
      const own = config[SEED_CONFIG_KEYS[stream]];
      if (own !== null && own !== seeds[stream]) {
        problems.add(`config.${SEED_CONFIG_KEYS[stream]} = ${own} disagrees with seeds.${stream} = ${seeds[stream]}; make them equal (the seeds object is what the run used)`);
      }
    }
    const derived = resolveSeeds(config);
    const drifted = SEED_STREAMS.filter((s) => config[SEED_CONFIG_KEYS[s]] === null && derived[s] !== seeds[s]);
    if (drifted.length) warnings.push(`seeds ${drifted.join(', ')} differ from what seed ${config.seed} derives in this version; the file's explicit seeds are used`);
  }

  const operatorKind = raw.operatorKind;
  if (typeof operatorKind !== 'string' || !(OPERATOR_KINDS as readonly string[]).includes(operatorKind)) {
    problems.add(`operatorKind must be one of ${OPERATOR_KINDS.map((o) => `"${o}"`).join(', ')} (got ${JSON.stringify(operatorKind)})`);
  }
  const tau = decodeNumber(raw.tau);
  if (tau === null || !(tau > 0) || !Number.isFinite(tau)) problems.add(`tau must be a positive number (got ${JSON.stringify(raw.tau)})`);

  const problemFile = raw.problemFile;
  if (problemFile !== null && typeof problemFile !== 'string') problems.add('problemFile must be null or the path of the problem file the run was trained on');
  else if (problemFile !== null) {
    warnings.push(`this run was trained on the problem file ${problemFile}, which the lab cannot load: re-running its config generates a different problem of the same sizes; the file's own numbers are exact`);
  }

  const { d, k } = config;
  const phase1Record = readPhase(raw.phase1, 'phase1', 'train', d, k, problems);
  const eigenvalues = isRecord(raw.phase1) ? readNumbers(raw.phase1.eigenvalues, 'phase1.eigenvalues', Math.min(d, k), problems) : null;
  const phase1: Phase1Record | null = phase1Record && eigenvalues ? { ...phase1Record, eigenvalues } : null;
  const kept = readKept(raw.kept, k, problems);
  let finetune: PhaseRecord | null = null;
  if (kept === null) {
    if (raw.finetune !== null && raw.finetune !== undefined) problems.add('finetune must be null when kept is null (a run is fine-tuned only after pruning)');
  } else if (kept !== undefined) {
    finetune = readPhase(raw.finetune, 'finetune', 'finetune', d, kept.length, problems);
  }
  const rate = readRate(raw.rate, 'rate', problems);
  const gradNormRate = readRate(raw.gradNormRate, 'gradNormRate', problems);
  const lossLimit = readLossLimit(raw.lossLimit, problems);
  const theory = readTheory(raw.theory, problems);
  const status = readStatus(raw.status, problems);
  if (typeof raw.reproducible !== 'boolean') problems.add('reproducible must be true or false');
  else if (!raw.reproducible) {
    warnings.push('this run was edited while it ran (a hyper-parameter changed after its first step), so re-running its config gives a different run; the file\'s own numbers are exact');
  }

  if (problems.list.length) return { ok: false, errors: problems.list };
  // Every reader above has recorded a problem whenever it returned nothing, so the values are present.
  const run: RunFile = {
    appVersion: appVersion as string,
    exportedAt: exportedAt as string | null,
    config,
    seeds: seeds as SeedSet,
    operatorKind: operatorKind as OperatorKind,
    tau: tau as number,
    problemFile: problemFile as string | null,
    phase1: phase1 as Phase1Record,
    kept: kept as number[] | null,
    finetune,
    rate: rate as RateFit | null,
    gradNormRate: gradNormRate as RateFit | null,
    lossLimit: lossLimit as RunFile['lossLimit'],
    theory: theory as TheoryGuides,
    status: status as RunStatus,
    reproducible: raw.reproducible as boolean,
  };
  return { ok: true, run, replayConfig: withExplicitSeeds(config, run.seeds), warnings };
}

/** RFC 4180: quote a cell that holds a comma, a quote or a line break, doubling inner quotes. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? String(value) : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows to CSV text with CRLF line ends (what spreadsheets expect). */
export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export const HISTORY_CSV_COLUMNS = ['phase', 'step', ...HISTORY_NUMBER_FIELDS] as const;

/**
 * Both phases' histories as one CSV table with a header row; a column a phase does not
 * record (e.g. the objective while fine-tuning) is left empty. Numbers are written with
 * every digit JavaScript needs to read them back exactly.
 */
export function historyToCsv(history: Partial<Record<Phase, readonly HistoryEntry[]>>): string {
  const rows: (string | number | undefined)[][] = [[...HISTORY_CSV_COLUMNS]];
  for (const phase of ['train', 'finetune'] as const) {
    for (const entry of history[phase] ?? []) {
      rows.push([phase, entry.step, ...HISTORY_NUMBER_FIELDS.map((key) => entry[key])]);
    }
  }
  return toCsv(rows);
}

export interface RunComparison {
  identical: boolean;
  /** Numbers compared (up to the first difference). */
  compared: number;
  /** Where the runs first differ, e.g. "phase1.U.data[17]: 0.25 vs 0.5"; null when identical. */
  difference: string | null;
}

/**
 * Compares two runs number by number, bit for bit (their encodings are compared, and each
 * double has exactly one). Metadata is ignored: when and by which version each was
 * exported, whether it was edited live, and what follows from the rest: the theory guides
 * from the config, the eigenvalues from U and the rate
 * fits from the fine-tuning history (they go through Math.log/exp, which engines round
 * differently, so a CLI run and its repetition in a browser may differ there by an ulp).
 */
export function compareRunFiles(expected: RunFile, actual: RunFile): RunComparison {
  let compared = 0;
  const walk = (a: unknown, b: unknown, path: string): string | null => {
    if (Array.isArray(a) || Array.isArray(b)) {
      if (!Array.isArray(a) || !Array.isArray(b)) return `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
      if (a.length !== b.length) return `${path}: ${a.length} vs ${b.length} entries`;
      for (let i = 0; i < a.length; i++) {
        const found = walk(a[i], b[i], `${path}[${i}]`);
        if (found) return found;
      }
      return null;
    }
    if (isRecord(a) && isRecord(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
        const found = walk(a[key], b[key], path ? `${path}.${key}` : key);
        if (found) return found;
      }
      return null;
    }
    if (typeof a === 'number' || typeof b === 'number') compared++;
    return a === b ? null : `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  };
  const strip = (run: RunFile) => {
    const document = encodeRunFile(run);
    delete document.exportedAt;
    delete document.appVersion;
    delete document.reproducible;
    delete document.theory;
    delete document.rate;
    delete document.gradNormRate;
    delete (document.phase1 as Record<string, unknown>).eigenvalues;
    return document;
  };
  const difference = walk(strip(expected), strip(actual), '');
  return { identical: difference === null, compared, difference };
}
