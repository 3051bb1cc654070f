// The one schema for a run's configuration. The CLI, imported JSON, the URL and the form
// fields all go through it, so a value is accepted or refused with the same message
// wherever it comes from.
import { KERNEL_CHOICE_LABELS, KERNEL_CHOICES } from './kernelChoice';
import type { KernelChoice } from './kernels/types';
import { quote } from './quote';
import type { ModelKind, OperatorChoice, RegularizerForm } from './types';

export interface RunConfig {
  model: ModelKind;
  d: number;
  k: number;
  r: number;
  n: number;
  noise: number;
  kappa: number;
  /** Explicit eigenvalues of M*; when set (length r) it overrides kappa. */
  sigmaStar: number[] | null;
  seed: number;
  /** Per-stream seeds; null means derived from `seed`. */
  truthSeed: number | null;
  sensingSeed: number | null;
  noiseSeed: number | null;
  initSeed: number | null;
  testSeed: number | null;
  lambda: number;
  beta: number;
  regularizer: RegularizerForm;
  eta: number;
  initScale: number;
  steps: number;
  /** Pruning threshold; null means the derived default √(2β). */
  tau: number | null;
  fineTuneEta: number;
  fineTuneSteps: number;
  checkpointEvery: number;
  operator: OperatorChoice;
  kernel: KernelChoice;
}

export type ConfigKey = keyof RunConfig;

/** Bytes the measurement data of one run may take. */
export const MEMORY_BUDGET_BYTES = 1024 ** 3;
export const MAX_SEED = 2 ** 32 - 1;

interface BaseField {
  label: string;
  /** Shown as help text and in CLI documentation. */
  description: string;
}
export interface NumberField extends BaseField {
  type: 'int' | 'number';
  min: number;
  max: number;
  /** Whether min itself is allowed (false for strictly positive quantities). */
  minInclusive: boolean;
  /** Values span decades: sliders and choices use a log scale. */
  logScale: boolean;
  nullable: boolean;
}
interface EnumField extends BaseField {
  type: 'enum';
  options: readonly string[];
  /** What a form shows for each option, when the value alone says too little. */
  optionLabels?: Readonly<Record<string, string>>;
}
interface ListField extends BaseField {
  type: 'list';
  nullable: true;
}
export type FieldSpec = NumberField | EnumField | ListField;

const int = (label: string, min: number, max: number, description: string, logScale = false): NumberField => ({
  type: 'int', label, min, max, minInclusive: true, logScale, nullable: false, description,
});
const positive = (label: string, max: number, description: string, logScale = true): NumberField => ({
  type: 'number', label, min: 0, max, minInclusive: false, logScale, nullable: false, description,
});
const seedField = (label: string, description: string): NumberField => ({
  type: 'int', label, min: 0, max: MAX_SEED, minInclusive: true, logScale: false, nullable: true, description,
});

export const FIELDS: Record<ConfigKey, FieldSpec> = {
  model: {
    type: 'enum', label: 'Model', options: ['empirical', 'population', 'quadratic'],
    description: 'empirical Gaussian sensing, population loss (n → ∞, no noise), or a quadratic-activation network',
  },
  d: int('d (dimension)', 1, 1000, 'size of the d×d target M*'),
  k: int('k (columns)', 1, 1000, 'columns of the overparameterized model U (k ≫ r)'),
  r: int('r (true rank)', 1, 1000, 'rank of M*; must not exceed d or k'),
  n: int('n (measurements)', 1, 10_000_000, 'number of measurements (ignored by the population model)', true),
  noise: { type: 'number', label: 'noise σ', min: 0, max: 100, minInclusive: true, logScale: false, nullable: false,
    description: 'standard deviation of the measurement noise' },
  kappa: { type: 'number', label: 'κ (condition number)', min: 1, max: 1e6, minInclusive: true, logScale: true, nullable: false,
    description: 'σ*₁ / σ*ᵣ; eigenvalues are evenly spaced from 1 down to 1/κ' },
  sigmaStar: { type: 'list', label: 'σ* (eigenvalues)', nullable: true,
    description: 'explicit positive eigenvalues of M*, one per rank; overrides κ' },
  seed: int('seed', 0, MAX_SEED, 'base seed from which every stream without its own seed is derived'),
  truthSeed: seedField('truth seed', 'seed of the ground truth U*'),
  sensingSeed: seedField('sensing seed', 'seed of the sensing matrices Aᵢ or inputs xᵢ'),
  noiseSeed: seedField('noise seed', 'seed of the measurement noise εᵢ'),
  initSeed: seedField('init seed', 'seed of the initialization U₀'),
  testSeed: seedField('test seed', 'seed of the held-out test measurements behind the held-out loss (empirical and quadratic models)'),
  lambda: { type: 'number', label: 'λ (regularization)', min: 0, max: 100, minInclusive: true, logScale: true, nullable: false,
    description: 'strength of the smooth group-Lasso penalty; 0 trains without it' },
  beta: positive('β (smoothing)', 100, 'smoothing of the group Lasso ψᵦ'),
  regularizer: { type: 'enum', label: 'Regularizer form', options: ['B', 'A'],
    description: 'B: s/√(s+β) (default); A: √(s+β)' },
  eta: positive('η₁ (step size)', 10, 'gradient-descent step size of phase 1'),
  initScale: positive('α (init scale)', 10, 'U₀ = α · Z / √d with Z standard normal'),
  steps: int('phase-1 steps', 0, 10_000_000, 'gradient steps of phase 1 (training with the penalty)', true),
  tau: { type: 'number', label: 'τ (pruning threshold)', min: 0, max: 1e6, minInclusive: false, logScale: true, nullable: true,
    description: 'keep columns with ‖U eᵢ‖ ≥ τ; default √(2β)' },
  fineTuneEta: positive('η₂ (fine-tune step)', 10, 'gradient-descent step size of fine-tuning'),
  fineTuneSteps: int('fine-tune steps', 0, 10_000_000, 'gradient steps of fine-tuning on the unregularized loss', true),
  checkpointEvery: int('checkpoint every', 1, 10_000_000, 'record metrics every this many steps', true),
  operator: { type: 'enum', label: 'Empirical operator', options: ['auto', 'direct', 'gram'],
    description: 'direct (2·n·d² per step), Gram-folded ((d²/2)² per step) or chosen by cost' },
  kernel: { type: 'enum', label: 'Kernel', options: KERNEL_CHOICES, optionLabels: KERNEL_CHOICE_LABELS,
    description: 'kernels of each step: wasm (WebAssembly SIMD, float64, the same bits in Node and every browser), wasm-f32 (float32: fast, close to float64 but not bit for bit), js (plain JavaScript) or auto (wasm where the engine has SIMD, else js)' },
};

export const CONFIG_KEYS = Object.keys(FIELDS) as ConfigKey[];

/** The classroom default: a small empirical problem that shows the whole story in seconds. */
export const DEFAULT_CONFIG: RunConfig = {
  model: 'empirical',
  d: 30,
  k: 30,
  r: 3,
  n: 1200,
  noise: 0.1,
  kappa: 2,
  sigmaStar: null,
  seed: 1,
  truthSeed: null,
  sensingSeed: null,
  noiseSeed: null,
  initSeed: null,
  testSeed: null,
  lambda: 0.05,
  beta: 0.01,
  regularizer: 'B',
  eta: 0.02,
  initScale: 1e-3,
  steps: 4000,
  tau: null,
  fineTuneEta: 0.02,
  fineTuneSteps: 300,
  checkpointEvery: 20,
  operator: 'auto',
  kernel: 'auto',
};

export interface FieldError {
  field: string;
  message: string;
}
export type ParseResult =
  | { ok: true; config: RunConfig; corrections: string[] }
  | { ok: false; errors: FieldError[] };

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6))));

function rangeText(spec: NumberField): string {
  const low = spec.minInclusive ? `${fmt(spec.min)}` : `greater than ${fmt(spec.min)}`;
  const kind = spec.type === 'int' ? 'a whole number' : 'a number';
  return spec.minInclusive ? `${kind} from ${low} to ${fmt(spec.max)}` : `${kind} ${low} and at most ${fmt(spec.max)}`;
}

/** Turns a raw value (from JSON, or a string from a URL or a form field) into a number. */
function toNumber(raw: unknown): number | null {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string' && raw.trim() !== '') return Number(raw.trim());
  return null;
}

/**
 * Checks one field on its own. Returns the parsed value or a message that says what to
 * change. With `clamp`, an out-of-range number is pulled into range and reported as a
 * correction instead of an error (used for URLs, which people edit by hand).
 */
export function parseField(
  key: ConfigKey,
  raw: unknown,
  clamp = false,
): { value: RunConfig[ConfigKey]; correction?: string } | { error: string } {
  const spec = FIELDS[key];
  if (spec.type === 'enum') {
    if (typeof raw === 'string' && spec.options.includes(raw)) return { value: raw as RunConfig[ConfigKey] };
    return { error: `${key} must be one of ${spec.options.map((o) => `"${o}"`).join(', ')} (got ${quote(raw)})` };
  }
  if (spec.type === 'list') {
    if (raw === null || raw === '' || raw === undefined) return { value: null };
    const items = typeof raw === 'string' ? raw.split(',').map((s) => toNumber(s)) : Array.isArray(raw) ? raw.map(toNumber) : null;
    if (!items || items.length === 0 || items.some((v) => v === null || !Number.isFinite(v) || v <= 0 || v > 1e6)) {
      return { error: `${key} must be a list of positive numbers such as [1, 0.75, 0.5] (got ${quote(raw)})` };
    }
    const sorted = (items as number[]).slice().sort((a, b) => b - a);
    return { value: sorted };
  }
  return parseNumber(key, spec, raw, clamp, DEFAULT_CONFIG[key] as number | null);
}

/**
 * Checks a number against its field spec (the config's fields and the URL's other numeric
 * keys share it). With `clamp`, out-of-range values are pulled into range (or, below an
 * open lower bound, replaced by `fallback`) and reported as a correction.
 */
export function parseNumber(
  key: string,
  spec: NumberField,
  raw: unknown,
  clamp: boolean,
  fallback: number | null,
): { value: number | null; correction?: string } | { error: string } {
  if (spec.nullable && (raw === null || raw === '' || raw === 'default' || raw === undefined)) return { value: null };
  const value = toNumber(raw);
  if (value === null || Number.isNaN(value)) {
    return { error: `${key} must be ${rangeText(spec)} (got ${quote(raw)})` };
  }
  if (!Number.isFinite(value)) return { error: `${key} must be finite, ${rangeText(spec)} (got ${value})` };
  const belowMin = spec.minInclusive ? value < spec.min : value <= spec.min;
  const notWhole = spec.type === 'int' && !Number.isInteger(value);
  if (clamp && (belowMin || value > spec.max || notWhole)) {
    // An open lower bound (η > 0) has no nearest allowed value worth using: fall back to the default.
    if (belowMin && !spec.minInclusive) {
      return { value: fallback, correction: `${key} ${fmt(value)} is outside the allowed range (${rangeText(spec)}); using the default${fallback === null ? '' : ` ${fmt(fallback)}`}` };
    }
    const rounded = spec.type === 'int' ? Math.round(value) : value;
    const fixed = Math.min(Math.max(rounded, spec.min), spec.max);
    return { value: fixed, correction: `${key} ${fmt(value)} is outside the allowed range (${rangeText(spec)}); using ${fmt(fixed)}` };
  }
  if (notWhole || belowMin || value > spec.max) return { error: `${key} must be ${rangeText(spec)} (got ${fmt(value)})` };
  // −0 passes every range test as 0; storing 0 keeps a stray sign out of links and files.
  return { value: value === 0 ? 0 : value };
}

/** A memory size for messages: whole MiB below 1 GiB, GiB with one decimal above. */
export function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
}

/**
 * Most held-out test measurements a run draws (from the 'test' stream) for its held-out
 * loss: n_test = min(n, HELD_OUT_MAX). Each term ⟨A_i, Δ⟩² of that loss has a standard
 * deviation √2 times its mean, so 500 of them estimate it to about √(2/500) ≈ 6%, at
 * 2·500·d² flops per checkpoint.
 */
export const HELD_OUT_MAX = 500;

/** n_test of a configuration: min(n, HELD_OUT_MAX), or 0 for the population model (its loss already is the test loss). */
export function heldOutCount(c: Pick<RunConfig, 'model' | 'n'>): number {
  return c.model === 'population' ? 0 : Math.min(c.n, HELD_OUT_MAX);
}

/** Doubles of one measurement's input: a d×d sensing matrix, or a quadratic network's x_i. */
const doublesPerMeasurement = (c: Pick<RunConfig, 'model' | 'd'>): number => (c.model === 'quadratic' ? c.d : c.d * c.d);

/** Bytes the measurement data of a configuration needs: the training and held-out inputs (M* alone for the population model). */
export function measurementBytes(c: Pick<RunConfig, 'model' | 'd' | 'n'>): number {
  if (c.model === 'population') return 8 * c.d * c.d;
  return 8 * doublesPerMeasurement(c) * (c.n + heldOutCount(c));
}

/** The largest n whose training and held-out inputs fit MEMORY_BUDGET_BYTES (at least 1). */
function largestAffordableN(c: Pick<RunConfig, 'model' | 'd'>): number {
  const slots = Math.floor(MEMORY_BUDGET_BYTES / (8 * doublesPerMeasurement(c)));
  return Math.max(1, slots >= 2 * HELD_OUT_MAX ? slots - HELD_OUT_MAX : Math.floor(slots / 2));
}

/** Bytes of the packed Gram fold: the upper triangle of an m×m matrix, m = d(d+1)/2 (math.md §2). */
export function gramFoldBytes(d: number): number {
  const m = (d * (d + 1)) / 2;
  return 8 * ((m * (m + 1)) / 2);
}

/** Rules that tie several fields together. */
function crossFieldErrors(c: RunConfig): FieldError[] {
  const errors: FieldError[] = [];
  if (c.r > c.d) errors.push({ field: 'r', message: `r = ${c.r} exceeds d = ${c.d}; choose r ≤ d` });
  if (c.r > c.k) errors.push({ field: 'r', message: `r = ${c.r} exceeds k = ${c.k}; the model needs at least r columns (k ≥ r)` });
  if (c.sigmaStar && c.sigmaStar.length !== c.r) {
    errors.push({ field: 'sigmaStar', message: `sigmaStar has ${c.sigmaStar.length} values but r = ${c.r}; give exactly r eigenvalues or drop sigmaStar to use κ` });
  }
  const bytes = measurementBytes(c);
  if (bytes > MEMORY_BUDGET_BYTES) {
    const per = doublesPerMeasurement(c);
    const what = c.model === 'quadratic' ? `n·d = ${c.n * per}` : `n·d² = ${c.n * per}`;
    const heldOut = heldOutCount(c);
    errors.push({
      field: 'n',
      message: `${what} doubles plus ${heldOut * per} for the ${heldOut} held-out test measurements (${formatBytes(bytes)} in all) exceeds the ${formatBytes(MEMORY_BUDGET_BYTES)} budget; use the population model or fewer measurements (n ≤ ${largestAffordableN(c)})`,
    });
  }
  if (c.model !== 'population' && c.operator === 'gram' && gramFoldBytes(c.d) > MEMORY_BUDGET_BYTES) {
    errors.push({ field: 'operator', message: `the Gram fold for d = ${c.d} needs ${formatBytes(gramFoldBytes(c.d))}, over the ${formatBytes(MEMORY_BUDGET_BYTES)} budget; use operator "direct" or "auto"` });
  }
  if (8 * c.d * c.k * 6 > MEMORY_BUDGET_BYTES) {
    errors.push({ field: 'k', message: `d·k = ${c.d * c.k} is too large for the memory budget; reduce d or k` });
  }
  return errors;
}

/**
 * Validates a whole configuration. Missing keys take their defaults. In strict mode
 * (CLI, imported files) unknown keys and out-of-range values are errors; in clamp mode
 * (URLs) unknown keys are dropped and values pulled into range, each change reported.
 */
export function parseConfig(input: unknown, mode: 'strict' | 'clamp' = 'strict', base: RunConfig = DEFAULT_CONFIG): ParseResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: '(config)', message: 'the configuration must be a JSON object such as {"d": 30, "k": 30}' }] };
  }
  const errors: FieldError[] = [];
  const corrections: string[] = [];
  const config: RunConfig = { ...base, sigmaStar: base.sigmaStar ? [...base.sigmaStar] : null };
  for (const [key, raw] of Object.entries(input as Record<string, unknown>)) {
    if (!Object.prototype.hasOwnProperty.call(FIELDS, key)) {
      const message = `unknown key ${quote(key)}; allowed keys are ${CONFIG_KEYS.join(', ')}`;
      if (mode === 'strict') errors.push({ field: key, message });
      else corrections.push(`ignored ${message}`);
      continue;
    }
    const parsed = parseField(key as ConfigKey, raw, mode === 'clamp');
    if ('error' in parsed) {
      if (mode === 'strict') errors.push({ field: key, message: parsed.error });
      else corrections.push(`${parsed.error}; using the default`);
      continue;
    }
    if (parsed.correction) corrections.push(parsed.correction);
    (config as unknown as Record<string, unknown>)[key] = parsed.value;
  }
  if (errors.length) return { ok: false, errors };
  let cross = crossFieldErrors(config);
  if (mode === 'clamp' && cross.length) {
    // A hand-edited URL should still open a page: repair the relations one by one.
    if (config.r > config.d || config.r > config.k) {
      const r = Math.max(1, Math.min(config.r, config.d, config.k));
      corrections.push(`r = ${config.r} exceeds d or k; using r = ${r}`);
      config.r = r;
    }
    if (config.sigmaStar && config.sigmaStar.length !== config.r) {
      corrections.push(`sigmaStar does not have r = ${config.r} values; using κ instead`);
      config.sigmaStar = null;
    }
    if (measurementBytes(config) > MEMORY_BUDGET_BYTES) {
      const n = largestAffordableN(config);
      corrections.push(`n = ${config.n} does not fit the memory budget; using n = ${n}`);
      config.n = n;
    }
    cross = crossFieldErrors(config);
  }
  if (cross.length) return { ok: false, errors: cross };
  return { ok: true, config, corrections };
}

/** Formats validation errors as one line each, for the CLI and for alerts. */
export function formatErrors(errors: FieldError[]): string {
  return errors.map((e) => e.message).join('\n');
}

/** Whether two configurations are the same run (every schema key equal). */
export function sameConfig(a: RunConfig, b: RunConfig): boolean {
  return CONFIG_KEYS.every((key) => JSON.stringify(a[key]) === JSON.stringify(b[key]));
}

/** Eigenvalues σ*_1 ≥ … ≥ σ*_r of M*: the explicit list, or evenly spaced from 1 down to 1/κ. */
export function sigmaStarOf(config: Pick<RunConfig, 'r' | 'kappa' | 'sigmaStar'>): Float64Array {
  if (config.sigmaStar) return Float64Array.from(config.sigmaStar).sort().reverse();
  const r = config.r;
  const out = new Float64Array(r);
  const last = 1 / config.kappa;
  for (let j = 0; j < r; j++) out[j] = r === 1 ? 1 : 1 + ((last - 1) * j) / (r - 1);
  return out;
}
