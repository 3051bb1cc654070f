// Reading the CLI's input files: the run configuration (validated by the one schema, strict)
// and an optional problem file. Every failure becomes an InputError with a one-line message.
import { readFileSync } from 'node:fs';
import { FIELDS, parseConfig, parseField, type ConfigKey, type RunConfig } from '../core/config';
import { loadProblemFile, ProblemFileError, type LoadedProblem } from '../core/problem';
import { InputError, oneLine } from './errors';

export function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : oneLine(error);
    throw new InputError(`cannot read the ${what} ${path}: ${reason}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`the ${what} ${path} is not valid JSON: ${oneLine(error)}`);
  }
}

/**
 * The cross-field rules (r ≤ d, the memory budget, …) of the keys that are valid on their
 * own; the schema checks them only once every field passes. A rule that used the default of
 * a refused key says so.
 */
function crossFieldProblems(raw: unknown): string[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [];
  const entries = Object.entries(raw);
  const known = (key: string): key is ConfigKey => Object.prototype.hasOwnProperty.call(FIELDS, key);
  const valid = entries.filter(([key, value]) => known(key) && !('error' in parseField(key, value)));
  // Every field passed: the schema has already reported its cross-field rules.
  if (valid.length === entries.length) return [];
  const parsed = parseConfig(Object.fromEntries(valid), 'strict');
  if (parsed.ok) return [];
  const defaulted = entries.filter(([key]) => known(key) && !valid.some(([k]) => k === key)).map(([key]) => key);
  const note = defaulted.length ? ` (checked with ${defaulted.join(', ')} at ${defaulted.length === 1 ? 'its default' : 'their defaults'})` : '';
  return parsed.errors.map((e) => `${e.message}${note}`);
}

/** The configuration, or every problem with it on one line, separated by "; ". */
function validated(raw: unknown, source: string): RunConfig {
  const parsed = parseConfig(raw, 'strict');
  if (parsed.ok) return parsed.config;
  const problems = [...parsed.errors.map((e) => e.message), ...crossFieldProblems(raw)];
  throw new InputError(`${source}: ${problems.join('; ')}`);
}

export interface LoadedInputs {
  config: RunConfig;
  /** The problem file's contents, when --problem was given. */
  loaded: LoadedProblem | null;
}

/** Keys a problem file fixes; a configuration may repeat them only with the same value. */
const PROBLEM_KEYS = ['model', 'd', 'k', 'n'] as const;

/**
 * The configuration of a command: the file (or the defaults), then --seed, then, with a
 * problem file, the sizes the problem fixes. The result is validated again as a whole so
 * run.json always records a configuration the schema accepts.
 */
export function loadInputs(options: { config?: string; seed?: number; problem?: string }): LoadedInputs {
  const source = options.config ?? 'the default configuration';
  const raw = options.config === undefined ? {} : readJson(options.config, 'config file');
  let config = validated(raw, source);
  const explicit = raw as Record<string, unknown>;
  if (options.seed !== undefined) config = { ...config, seed: options.seed };
  if (options.problem === undefined) return { config, loaded: null };

  let loaded: LoadedProblem;
  try {
    loaded = loadProblemFile(readJson(options.problem, 'problem file'));
  } catch (error) {
    if (error instanceof ProblemFileError) throw new InputError(`problem file ${options.problem}: ${error.message}`);
    throw error;
  }
  const { problem } = loaded;
  const fromProblem = { model: problem.model, d: problem.d, k: loaded.k, n: problem.n > 0 ? problem.n : config.n };
  for (const key of PROBLEM_KEYS) {
    if (key in explicit && explicit[key] !== fromProblem[key]) {
      throw new InputError(
        `${source} sets ${key} = ${JSON.stringify(explicit[key])} but the problem file ${options.problem} has ${key} = ${JSON.stringify(fromProblem[key])}; drop "${key}" from the configuration`,
      );
    }
  }
  // The truth's rank and eigenvalues come from the file's M*; without M* the rank is unknown
  // and r only has to be a valid size.
  const truth =
    problem.r > 0
      ? { r: problem.r, sigmaStar: Array.from(problem.sigmaStar) }
      : { r: Math.min(config.r, fromProblem.d, fromProblem.k), sigmaStar: null };
  const merged = { ...config, ...fromProblem, ...truth };
  return { config: validated(merged, `configuration for problem file ${options.problem}`), loaded };
}
