// Validation of the fields a running worker takes without a reset (hyper-parameters, step
// budgets): each by the one schema, all or nothing, so a refused field changes nothing.
import { parseField, type ConfigKey, type RunConfig } from '../core/config';

export type LiveFieldsCheck<K extends ConfigKey> = { ok: true; values: Partial<Pick<RunConfig, K>> } | { ok: false; error: string; field: K };

/** The fields of `raw` among `keys` that are present, each parsed by the schema; the first refused one ends the check. */
export function parseLiveFields<K extends ConfigKey>(keys: readonly K[], raw: Partial<Record<K, unknown>>): LiveFieldsCheck<K> {
  const values: Partial<Pick<RunConfig, K>> = {};
  for (const key of keys) {
    if (raw[key] === undefined) continue;
    const parsed = parseField(key, raw[key]);
    if ('error' in parsed) return { ok: false, error: parsed.error, field: key };
    Object.assign(values, { [key]: parsed.value });
  }
  return { ok: true, values };
}
