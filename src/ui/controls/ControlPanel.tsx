import type { ConfigKey } from '../../core/config';
import type { SeedStream } from '../../core/types';
import { defaultTau } from '../../core/theory';
import { useLabActions, useLabStore } from '../../state/store';
import type { Hideable } from '../../state/view';
import { ConfigField } from './ConfigField';
import { betaNote, etaNote, lambdaNote, type FieldNote } from './theoryNotes';

interface Group {
  title: string;
  keys: ConfigKey[];
  /** Groups a classroom rarely touches start collapsed. */
  collapsed?: boolean;
  /** The `?hide=` flag that removes the group. */
  hideFlag?: Hideable;
}

const GROUPS: Group[] = [
  { title: 'Problem', keys: ['model', 'd', 'k', 'r', 'n', 'noise', 'kappa'] },
  { title: 'Group-Lasso penalty', keys: ['lambda', 'beta', 'regularizer'] },
  { title: 'Gradient descent', keys: ['eta', 'initScale', 'fineTuneEta'] },
  { title: 'Seeds', keys: ['seed', 'truthSeed', 'sensingSeed', 'noiseSeed', 'initSeed', 'testSeed'], collapsed: true, hideFlag: 'seeds' },
  {
    title: 'Advanced',
    keys: ['steps', 'fineTuneSteps', 'checkpointEvery', 'operator', 'kernel', 'sigmaStar'],
    collapsed: true,
    hideFlag: 'advanced',
  },
];

/** Fields the population model ignores (it has no measurements and no noise). */
const SAMPLE_KEYS: ReadonlySet<ConfigKey> = new Set<ConfigKey>(['n', 'noise', 'sensingSeed', 'noiseSeed', 'operator']);
/** The random stream each per-stream seed field sets. */
const SEED_STREAM_OF: Partial<Record<ConfigKey, SeedStream>> = {
  truthSeed: 'truth',
  sensingSeed: 'sensing',
  noiseSeed: 'noise',
  initSeed: 'init',
  testSeed: 'test',
};

/** The run's parameters, generated from the schema and grouped by what they control. */
export function ControlPanel() {
  const config = useLabStore((s) => s.params.config);
  const drafts = useLabStore((s) => s.params.drafts);
  const fieldErrors = useLabStore((s) => s.params.fieldErrors);
  const hidden = useLabStore((s) => s.view.hidden);
  const info = useLabStore((s) => s.run.info);
  const actions = useLabActions();
  const showTheory = !hidden.includes('theory');
  const sigmaStar = info?.sigmaStar ?? [];

  const notes: Partial<Record<ConfigKey, FieldNote | null>> = showTheory
    ? {
        lambda: lambdaNote(config.lambda, config.beta, config.regularizer, sigmaStar),
        beta: betaNote(config.lambda, config.beta, config.regularizer, sigmaStar, defaultTau(config.beta)),
        eta: etaNote(config.eta, config.lambda, config.beta, config.regularizer, sigmaStar.length ? sigmaStar[0] : null),
      }
    : {};

  const placeholder = (key: ConfigKey): string | undefined => {
    const stream = SEED_STREAM_OF[key];
    if (stream) return info ? `derived: ${info.seeds[stream]}` : 'derived from seed';
    if (key === 'sigmaStar') return 'from κ';
    return undefined;
  };

  const field = (key: ConfigKey) => (
    <ConfigField
      key={key}
      name={key}
      value={config[key]}
      refusedText={drafts[key]}
      error={fieldErrors[key]}
      onSubmit={actions.setField}
      disabled={config.model === 'population' && SAMPLE_KEYS.has(key)}
      placeholder={placeholder(key)}
      note={notes[key] ?? null}
    />
  );

  return (
    <form className="pl-controls" aria-label="Run parameters" onSubmit={(event) => event.preventDefault()}>
      {GROUPS.filter((group) => !group.hideFlag || !hidden.includes(group.hideFlag)).map((group) =>
        group.collapsed ? (
          <details key={group.title} className="pl-group">
            <summary>{group.title}</summary>
            {group.keys.map(field)}
          </details>
        ) : (
          <fieldset key={group.title} className="pl-group">
            <legend>{group.title}</legend>
            {group.keys.map(field)}
          </fieldset>
        ),
      )}
      {hidden.includes('seeds') ? null : (
        <button type="button" onClick={actions.newSeeds}>
          New seeds
        </button>
      )}
    </form>
  );
}
