// The parameters slice: the applied configuration, what the user typed into refused fields,
// and what loading a link corrected. Every change goes through the one schema
// (core/config.ts); an accepted change reaches the worker the cheapest way that keeps the run
// correct (a live hyper-parameter without a reset, anything else by restarting).
import { MAX_SEED, parseConfig, parseField } from '../core/config';
import type { ConfigKey, RunConfig } from '../core/config';
import { tauOf } from '../core/runSetup';
import type { HyperParameters } from '../core/types';
import type { LabState, SliceApi } from './labStore';
import type { RunControl } from './runSlice';
import { parseQuery } from './urlState';

export interface ParamsState {
  /** The applied, valid configuration (what the worker runs). */
  config: RunConfig;
  /** What the user typed into a field that was refused, so the input can keep showing it. */
  drafts: Partial<Record<ConfigKey, string>>;
  /** The schema's message for each refused field. */
  fieldErrors: Partial<Record<ConfigKey, string>>;
  /** What loading a URL corrected (clamped values, dropped keys), for a dismissible notice. */
  corrections: string[];
}

export interface ParamsActions {
  /** Validates and applies one field; returns whether it was accepted. */
  setField(key: ConfigKey, raw: unknown): boolean;
  /** Sets τ (null: the default √(2β)); used by the slider and the draggable line. */
  setTau(tau: number | null): boolean;
  /** Replaces the whole configuration (presets, imported runs) and restarts. */
  applyConfig(config: RunConfig, corrections?: string[]): void;
  /** Loads a `?…` query (a shared link): clamps it and reports corrections. */
  loadQuery(search: string): void;
  /** Fresh random seeds for every stream (then a restart). */
  newSeeds(): void;
  dismissCorrections(): void;
}

/** Fields a running worker takes without a reset, and how. */
const HYPER_KEYS = ['lambda', 'beta', 'regularizer', 'eta', 'fineTuneEta'] as const satisfies readonly (keyof HyperParameters & ConfigKey)[];
type HyperKey = (typeof HYPER_KEYS)[number];
const LIMIT_KEYS = ['steps', 'fineTuneSteps'] as const satisfies readonly ConfigKey[];
type LimitKey = (typeof LIMIT_KEYS)[number];

const isHyperKey = (key: ConfigKey): key is HyperKey => (HYPER_KEYS as readonly ConfigKey[]).includes(key);
const isLimitKey = (key: ConfigKey): key is LimitKey => (LIMIT_KEYS as readonly ConfigKey[]).includes(key);

function randomSeed(): number {
  const words = new Uint32Array(1);
  globalThis.crypto.getRandomValues(words);
  return words[0] % (MAX_SEED + 1);
}

const withoutField = (params: ParamsState, key: ConfigKey): Pick<ParamsState, 'drafts' | 'fieldErrors'> => {
  const drafts = { ...params.drafts };
  const fieldErrors = { ...params.fieldErrors };
  delete drafts[key];
  delete fieldErrors[key];
  return { drafts, fieldErrors };
};

export function createParamsSlice({ set, get }: SliceApi, { send, restart }: RunControl): { actions: ParamsActions } {
  const setParams = (patch: (params: ParamsState) => Partial<ParamsState>): void => set((s: LabState) => ({ params: { ...s.params, ...patch(s.params) } }));

  /** Sends an accepted field change to the worker the cheapest way that keeps it correct. */
  const propagate = (key: ConfigKey, previous: RunConfig, next: RunConfig): void => {
    if (isHyperKey(key)) {
      send({ type: 'setHyper', patch: { [key]: next[key] } });
      if (key === 'beta' && next.tau === null) send({ type: 'setTau', tau: tauOf(next) });
    } else if (key === 'tau') {
      send({ type: 'setTau', tau: tauOf(next) });
    } else if (isLimitKey(key)) {
      send({ type: 'setLimits', patch: { [key]: next[key] } });
    } else if (JSON.stringify(previous[key]) !== JSON.stringify(next[key])) {
      restart();
    }
  };

  const refuseField = (key: ConfigKey, raw: unknown, message: string): false => {
    setParams((params) => ({
      drafts: { ...params.drafts, [key]: raw === null || raw === undefined ? '' : String(raw) },
      fieldErrors: { ...params.fieldErrors, [key]: message },
    }));
    return false;
  };

  const actions: ParamsActions = {
    setField(key, raw) {
      const parsed = parseField(key, raw);
      if ('error' in parsed) return refuseField(key, raw, parsed.error);
      const previous = get().params.config;
      const whole = parseConfig({ ...previous, [key]: parsed.value }, 'strict');
      if (!whole.ok) return refuseField(key, raw, whole.errors.map((e) => e.message).join('; '));
      setParams((params) => ({ ...withoutField(params, key), config: whole.config }));
      propagate(key, previous, whole.config);
      return true;
    },
    setTau(tau) {
      return actions.setField('tau', tau);
    },
    applyConfig(config, corrections = []) {
      const whole = parseConfig(config, 'strict');
      if (!whole.ok) {
        set((s: LabState) => ({ run: { ...s.run, error: { message: whole.errors.map((e) => e.message).join('\n'), fields: whole.errors.map((e) => e.field) } } }));
        return;
      }
      setParams(() => ({ config: whole.config, drafts: {}, fieldErrors: {}, corrections }));
      restart();
    },
    loadQuery(search) {
      const parsed = parseQuery(search);
      set((s: LabState) => ({ view: { ...s.view, ...parsed.view } }));
      actions.applyConfig(parsed.config, parsed.corrections);
    },
    newSeeds() {
      setParams((params) => ({
        config: { ...params.config, seed: randomSeed(), truthSeed: null, sensingSeed: null, noiseSeed: null, initSeed: null, testSeed: null },
      }));
      restart();
    },
    dismissCorrections() {
      setParams(() => ({ corrections: [] }));
    },
  };
  return { actions };
}
