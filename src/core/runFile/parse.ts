// Reading a run file back: every problem reported at once, with what to change.
import { parseConfig, type RunConfig } from '../config';
import type { KernelInfo } from '../kernels/types';
import type { RateFit } from '../metrics';
import { escapeUnsafe, quote } from '../quote';
import { resolveSeeds } from '../rng';
import type { RunOutcome, TheoryGuides } from '../runResult';
import { SEED_STREAMS, type OperatorKind, type SeedSet } from '../types';
import { checkCompletedRunIsFinite } from './finite';
import { decodeNumber } from './numbers';
import {
  Problems,
  readKept,
  readKernel,
  readLossLimit,
  readNumbers,
  readPhase,
  readRate,
  readSeeds,
  readStatus,
  readTheory,
} from './readers';
import {
  APP_VERSION,
  OPERATOR_KINDS,
  RUN_FILE_FORMAT,
  RUN_FILE_KEYS,
  RUN_FILE_VERSION,
  SEED_CONFIG_KEYS,
  isRecord,
  withExplicitSeeds,
  type Phase1Record,
  type PhaseRecord,
  type RunFile,
} from './schema';

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
      return { ok: false, errors: [`the file is not valid JSON (${escapeUnsafe((error as Error).message)}); choose a run exported from PruneLab`] };
    }
  }
  if (!isRecord(raw)) return { ok: false, errors: ['a run file must be a JSON object; choose a run exported from PruneLab'] };
  if (raw.format !== RUN_FILE_FORMAT) {
    return { ok: false, errors: [`this is not a PruneLab run (its "format" is ${quote(raw.format)}, expected "${RUN_FILE_FORMAT}"); choose a file saved with "Export run JSON"`] };
  }
  const formatVersion = raw.formatVersion;
  if (typeof formatVersion !== 'number' || !Number.isInteger(formatVersion) || formatVersion < 1) {
    return { ok: false, errors: [`formatVersion must be a whole number ≥ 1 (got ${quote(formatVersion)})`] };
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
  const unknownKeys = Object.keys(raw).filter((key) => !(RUN_FILE_KEYS as readonly string[]).includes(key));
  if (unknownKeys.length) {
    const list = unknownKeys.map(quote).join(', ');
    problems.add(`unknown top-level key${unknownKeys.length > 1 ? 's' : ''} ${list}; remove ${unknownKeys.length > 1 ? 'them' : 'it'} (a run file has ${RUN_FILE_KEYS.join(', ')})`);
  }

  const appVersion = typeof raw.appVersion === 'string' ? raw.appVersion : null;
  if (appVersion === null) problems.add('appVersion must be a string such as "0.1.0"');
  else if (appVersion !== APP_VERSION) warnings.push(`the run was exported by PruneLab ${quote(appVersion)}; this is ${APP_VERSION}, so a re-run may differ if the numerics changed in between`);
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
    problems.add(`operatorKind must be one of ${OPERATOR_KINDS.map((o) => `"${o}"`).join(', ')} (got ${quote(operatorKind)})`);
  }
  const kernel = readKernel(raw.kernel, problems);
  const tau = decodeNumber(raw.tau);
  if (tau === null || !(tau > 0) || !Number.isFinite(tau)) problems.add(`tau must be a positive number (got ${quote(raw.tau)})`);

  const problemFile = raw.problemFile;
  if (problemFile !== null && typeof problemFile !== 'string') problems.add('problemFile must be null or the path of the problem file the run was trained on');
  else if (problemFile !== null) {
    warnings.push(`this run was trained on the problem file ${escapeUnsafe(problemFile)}, which the lab cannot load: re-running its config generates a different problem of the same sizes; the file's own numbers are exact`);
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
  if (status?.kind === 'completed') checkCompletedRunIsFinite([['phase1', phase1], ['finetune', finetune]], [['rate', rate], ['gradNormRate', gradNormRate]], problems);
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
    kernel: kernel as KernelInfo,
    tau: tau as number,
    problemFile: problemFile as string | null,
    phase1: phase1 as Phase1Record,
    kept: kept as number[] | null,
    finetune,
    rate: rate as RateFit | null,
    gradNormRate: gradNormRate as RateFit | null,
    lossLimit: lossLimit as RunFile['lossLimit'],
    theory: theory as TheoryGuides,
    status: status as RunOutcome,
    reproducible: raw.reproducible as boolean,
  };
  return { ok: true, run, replayConfig: withExplicitSeeds(config, run.seeds), warnings };
}
