// The run configuration and view flags in the URL query, so a link reproduces a run.
// One schema drives both directions: every RunConfig key of src/core/config.ts (FIELDS)
// plus the view keys below. Only values that differ from the defaults are written; reading
// goes through parseConfig(…, 'clamp'), so a hand-edited or hostile link still opens a
// valid lab and says what it corrected.
import { CONFIG_KEYS, DEFAULT_CONFIG, FIELDS, parseConfig } from '../core/config';
import type { ConfigKey, RunConfig } from '../core/config';
import { FULL_SPEED_TEXT, parseSpeed } from '../core/playback';
import { quote } from '../core/quote';
import { DEFAULT_VIEW, HIDE_ALIASES, HIDEABLE, NORM_SCALES, PANELS, SORT_ORDERS } from './view';
import type { Hideable, ViewState } from './view';

/** Query keys of the view flags (disjoint from the config keys). */
const VIEW_QUERY_KEYS = {
  sort: 'sort',
  normScale: 'scale',
  comparison: 'compare',
  panel: 'panel',
  hidden: 'hide',
  speed: 'speed',
  present: 'present',
} as const satisfies Record<keyof ViewState, string>;

/** Longest value the parser looks at; anything longer is refused outright. */
const MAX_VALUE_LENGTH = 200;

const isConfigKey = (key: string): key is ConfigKey => Object.prototype.hasOwnProperty.call(FIELDS, key);

function encodeConfigValue(value: RunConfig[ConfigKey]): string {
  if (value === null) return '';
  if (Array.isArray(value)) return value.map(String).join(',');
  return String(value);
}

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The query string (without "?") for a config and view; empty when everything is default. */
export function toQuery(config: RunConfig, view: ViewState = DEFAULT_VIEW): string {
  const query = new URLSearchParams();
  for (const key of CONFIG_KEYS) {
    if (!sameValue(config[key], DEFAULT_CONFIG[key])) query.set(key, encodeConfigValue(config[key]));
  }
  if (view.sort !== DEFAULT_VIEW.sort) query.set(VIEW_QUERY_KEYS.sort, view.sort);
  if (view.normScale !== DEFAULT_VIEW.normScale) query.set(VIEW_QUERY_KEYS.normScale, view.normScale);
  if (view.comparison !== DEFAULT_VIEW.comparison) query.set(VIEW_QUERY_KEYS.comparison, view.comparison ? '1' : '0');
  if (view.panel !== DEFAULT_VIEW.panel) query.set(VIEW_QUERY_KEYS.panel, view.panel);
  if (!sameValue(view.hidden, DEFAULT_VIEW.hidden)) query.set(VIEW_QUERY_KEYS.hidden, view.hidden.join(','));
  if (view.speed !== DEFAULT_VIEW.speed) query.set(VIEW_QUERY_KEYS.speed, view.speed === null ? FULL_SPEED_TEXT : String(view.speed));
  if (view.present !== DEFAULT_VIEW.present) query.set(VIEW_QUERY_KEYS.present, view.present ? '1' : '0');
  // URLSearchParams writes "," as %2C; keeping lists readable in a shared link.
  return query.toString().replace(/%2C/g, ',');
}

export interface ParsedQuery {
  config: RunConfig;
  view: ViewState;
  /** One line per value the parser changed or ignored, for the UI's notice. */
  corrections: string[];
}

function pickOption<T extends string>(
  key: string,
  raw: string,
  options: readonly T[],
  fallback: T,
  corrections: string[],
): T {
  const found = options.find((o) => o === raw);
  if (found !== undefined) return found;
  corrections.push(`${key} must be one of ${options.join(', ')} (got ${quote(raw)}); using ${fallback}`);
  return fallback;
}

/** A 1/0 switch of the view; anything else keeps the default and says so. */
function pickFlag(key: string, values: Map<string, string>, fallback: boolean, corrections: string[]): boolean {
  const raw = values.get(key);
  if (raw === undefined) return fallback;
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  corrections.push(`${key} must be 1 or 0 (got ${quote(raw)}); using ${fallback ? 1 : 0}`);
  return fallback;
}

function parseView(values: Map<string, string>, corrections: string[]): ViewState {
  const view: ViewState = { ...DEFAULT_VIEW, hidden: [...DEFAULT_VIEW.hidden] };
  const sort = values.get(VIEW_QUERY_KEYS.sort);
  if (sort !== undefined) view.sort = pickOption(VIEW_QUERY_KEYS.sort, sort, SORT_ORDERS, DEFAULT_VIEW.sort, corrections);
  const scale = values.get(VIEW_QUERY_KEYS.normScale);
  if (scale !== undefined) view.normScale = pickOption(VIEW_QUERY_KEYS.normScale, scale, NORM_SCALES, DEFAULT_VIEW.normScale, corrections);
  const panel = values.get(VIEW_QUERY_KEYS.panel);
  if (panel !== undefined) view.panel = pickOption(VIEW_QUERY_KEYS.panel, panel, PANELS, DEFAULT_VIEW.panel, corrections);
  view.comparison = pickFlag(VIEW_QUERY_KEYS.comparison, values, DEFAULT_VIEW.comparison, corrections);
  view.present = pickFlag(VIEW_QUERY_KEYS.present, values, DEFAULT_VIEW.present, corrections);
  const speed = values.get(VIEW_QUERY_KEYS.speed);
  if (speed !== undefined) {
    const parsed = parseSpeed(speed, true);
    if ('error' in parsed) corrections.push(`${parsed.error}; using full speed`);
    else {
      if (parsed.correction) corrections.push(parsed.correction);
      view.speed = parsed.value;
    }
  }
  const hide = values.get(VIEW_QUERY_KEYS.hidden);
  if (hide !== undefined) {
    const hidden: Hideable[] = [];
    for (const item of hide.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
      const known = HIDEABLE.find((h) => h === item) ?? (Object.prototype.hasOwnProperty.call(HIDE_ALIASES, item) ? HIDE_ALIASES[item] : undefined);
      if (known === undefined) corrections.push(`hide: unknown part ${quote(item)} ignored; parts are ${HIDEABLE.join(', ')}`);
      else if (!hidden.includes(known)) hidden.push(known);
    }
    view.hidden = hidden;
  }
  return view;
}

/** Reads a query string ("?d=40&…" or "d=40&…"), clamping what it must and saying so. */
export function parseQuery(search: string): ParsedQuery {
  const corrections: string[] = [];
  const params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const values = new Map<string, string>();
  const viewKeys = new Set<string>(Object.values(VIEW_QUERY_KEYS));
  const raw: Record<string, unknown> = Object.create(null) as Record<string, unknown>;

  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    const value = all[all.length - 1];
    if (all.length > 1) corrections.push(`${quote(key)} was given ${all.length} times; using the last value ${quote(value)}`);
    if (value.length > MAX_VALUE_LENGTH) {
      corrections.push(`the value of ${quote(key)} is too long (${value.length} characters); ignored`);
      continue;
    }
    if (viewKeys.has(key)) values.set(key, value);
    else if (isConfigKey(key)) raw[key] = value;
    else corrections.push(`ignored unknown key ${quote(key)}`);
  }

  const view = parseView(values, corrections);
  const parsed = parseConfig({ ...raw }, 'clamp');
  if (parsed.ok) return { config: parsed.config, view, corrections: [...corrections, ...parsed.corrections] };
  // Clamp mode repairs every single-field problem; what is left is a combination the
  // schema cannot repair, so the link's configuration is dropped as a whole.
  return {
    config: DEFAULT_CONFIG,
    view,
    corrections: [...corrections, ...parsed.errors.map((e) => e.message), 'the link’s settings could not be used together; using the defaults'],
  };
}
