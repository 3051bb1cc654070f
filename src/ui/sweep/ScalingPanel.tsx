import { useId, useMemo, useState } from 'react';
import { toSvgString } from '../../charts/export';
import { createScalingChart } from '../../charts/scalingChart';
import { DEFAULT_CONFIG, type RunConfig } from '../../core/config';
import { APP_VERSION } from '../../core/runFile';
import {
  SCALING_SERIES,
  SCALING_SERIES_LABELS,
  logGridN,
  scalingCells,
  scalingCsv,
  scalingDocument,
  scalingFigure,
  scalingRefusal,
  scalingSeeds,
  summarizeScaling,
  validateScalingGrid,
  type ScalingCell,
  type ScalingPoint,
} from '../../core/scaling';
import { useLabStore } from '../../state/store';
import { browserSweepPool, type SweepPool } from '../../worker/sweepPool';
import { formatNumber } from '../format';
import { downloadBlob, fileStem } from '../share/download';
import { ToggleGroup } from '../ToggleGroup';
import { useChart } from '../useChart';
import { describeProblem } from './sweepText';
import { CellFailures } from './CellFailures';
import { SweepRunControls } from './SweepRunControls';
import { useSweep } from '../../state/useSweep';

const SOURCES = ['classroom default', 'lab settings'] as const;
type Source = (typeof SOURCES)[number];

/** The default n grid: a factor of 16 in five log-spaced steps, up to the classroom's n. */
const DEFAULT_DRAFT = { min: String(DEFAULT_CONFIG.n / 4), max: String(DEFAULT_CONFIG.n * 4), count: '5', seeds: '3' };
type Draft = typeof DEFAULT_DRAFT;

interface ScalingGrid {
  ns: number[];
  seeds: number[];
  cells: ScalingCell[];
}

const whole = (text: string): number => (/^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN);

/** The grid a draft describes, or the messages that say what to change. */
function gridOf(config: RunConfig, draft: Draft): { grid: ScalingGrid | null; errors: string[] } {
  const refusal = scalingRefusal(config);
  if (refusal) return { grid: null, errors: [refusal] };
  const [min, max, count, seedCount] = [whole(draft.min), whole(draft.max), whole(draft.count), whole(draft.seeds)];
  const errors: string[] = [];
  if (!(min >= 1) || !(max > min)) errors.push('n from and n to must be whole numbers with from < to');
  if (!(count >= 2 && count <= 12)) errors.push('n points must be a whole number from 2 to 12');
  if (errors.length) return { grid: null, errors };
  const ns = logGridN(min, max, count);
  errors.push(...validateScalingGrid(config, ns, seedCount));
  if (seedCount > 20) errors.push('seeds must be at most 20 here (the CLI takes more)');
  if (errors.length) return { grid: null, errors };
  const seeds = scalingSeeds(config.seed, seedCount);
  return { grid: { ns, seeds, cells: scalingCells(ns, seeds) }, errors: [] };
}

/**
 * The generalization experiment (issue 9 §6): for each n of a log grid and several seeds,
 * train with the penalty, prune at τ, fine-tune; the same with λ = 0; the λ = 0 model left
 * unpruned. Test error against n on log-log axes beside σ√(rd/n), the fitted slopes with
 * their confidence intervals, and the exact-r recovery rate per n, computed in the worker
 * pool with progress and cancel.
 */
export function ScalingPanel({ pool }: { pool?: SweepPool }) {
  const sweepPool = pool ?? browserSweepPool();
  const labConfig = useLabStore((s) => s.params.config);
  const [source, setSource] = useState<Source>('classroom default');
  const base = source === 'lab settings' ? labConfig : DEFAULT_CONFIG;
  const [draft, setDraft] = useState<Draft>(DEFAULT_DRAFT);
  const sweep = useSweep<'scaling', ScalingGrid>(sweepPool, 'generalization experiment', 'scaling');
  const { state, start, busyWith } = sweep;
  const errorId = useId();
  const fieldId = useId();
  const { grid, errors } = gridOf(base, draft);
  const running = state.status === 'running';

  const points = useMemo(() => state.outcomes.flatMap((o) => (o?.ok ? [o.result] : [])), [state.outcomes]);
  const summary = useMemo(() => summarizeScaling(points), [points]);
  const figure = useMemo(() => scalingFigure(points, summary), [points, summary]);
  const shownConfig = state.config ?? base;
  const chartData = useMemo(() => (state.grid ? { series: figure.series } : null), [state.grid, figure]);
  const chartHost = useChart((host) => createScalingChart(host, { minHeight: 240 }), chartData);

  const run = () => {
    if (!grid || busyWith) return;
    start(base, grid, grid.cells);
  };
  const download = (text: string, type: string, extension: string) =>
    downloadBlob(new Blob([text], { type }), `${fileStem(shownConfig, 'scaling')}.${extension}`);

  const field = (part: keyof Draft, label: string) => (
    <div className="pl-field pl-sweep-range-field">
      <label className="pl-field-label" htmlFor={`${fieldId}-${part}`}>
        {label}
      </label>
      <input
        id={`${fieldId}-${part}`}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        value={draft[part]}
        disabled={running}
        aria-invalid={errors.length ? true : undefined}
        aria-describedby={errors.length ? errorId : undefined}
        onChange={(event) => setDraft({ ...draft, [part]: event.target.value })}
      />
    </div>
  );

  return (
    <section className="pl-panel pl-sweep" aria-label="Generalization against n">
      <h2>Generalization: test error against n</h2>
      <p className="pl-panel-caption" data-testid="scaling-caption">
        For each n and seed: train with the penalty, prune at τ and fine-tune (the paper&apos;s procedure); train the same problem and U₀
        with λ = 0, prune at the same τ and fine-tune; and keep that λ = 0 model unpruned. The paper proves the first reaches an error of
        order σ√(rd/n) [paper]: slope −1/2 on these log-log axes. Each seed&apos;s slope is a least-squares fit of log error on log n; the
        interval is the Student-t 95% interval of those slopes.
      </p>
      <details className="pl-group">
        <summary>Settings</summary>
        <p className="pl-panel-caption" data-testid="scaling-settings">
          Every point: {describeProblem(shownConfig)}; n and the seed vary.
        </p>
      </details>
      <div className="pl-panel-toolbar">
        <ToggleGroup label="Points use" options={SOURCES} value={source} onChange={setSource} />
      </div>
      <fieldset className="pl-group pl-sweep-range">
        <legend>n (log-spaced) and seeds</legend>
        {field('min', 'n from')}
        {field('max', 'n to')}
        {field('count', 'n points')}
        {field('seeds', 'seeds per n')}
        {errors.length ? (
          <p className="pl-field-error" id={errorId} role="alert">
            {errors.join(' ')}
          </p>
        ) : null}
      </fieldset>
      <SweepRunControls
        noun="experiment"
        sweep={sweep}
        canRun={grid !== null}
        onRun={run}
        total={state.progress?.total ?? grid?.cells.length ?? 0}
        progressLabel="Progress of the generalization experiment"
        testIdPrefix="scaling"
      >
        {grid ? (
          <span>
            n = {grid.ns.join(', ')} × {grid.seeds.length} seed{grid.seeds.length === 1 ? '' : 's'}: {grid.cells.length} points, each two runs
          </span>
        ) : null}
      </SweepRunControls>
      {state.grid ? null : <p className="pl-empty">Run the experiment to fill this chart.</p>}
      <div className="pl-chart-host" ref={chartHost} hidden={!state.grid} />
      <ScalingResults points={points} summary={summary} notes={figure.notes} exactRankText={figure.exactRankText} />
      <CellFailures<'scaling'> outcomes={state.outcomes} describe={(cell) => `n = ${cell.n}, seed ${cell.seed}`} />
      {state.config && state.grid ? (
        <div className="pl-panel-toolbar">
          <button type="button" disabled={points.length === 0} onClick={() => download(scalingCsv(points), 'text/csv', 'csv')}>
            Download scaling CSV
          </button>
          <button
            type="button"
            disabled={points.length === 0 || !chartHost.current}
            onClick={() => chartHost.current && download(toSvgString(chartHost.current), 'image/svg+xml', 'svg')}
          >
            Download scaling SVG
          </button>
          <button
            type="button"
            disabled={points.length === 0}
            onClick={() =>
              state.config &&
              state.grid &&
              download(`${JSON.stringify(scalingDocument(state.config, state.grid.ns, state.grid.seeds, points, APP_VERSION), null, 2)}\n`, 'application/json', 'json')
            }
          >
            Download scaling JSON
          </button>
        </div>
      ) : null}
    </section>
  );
}

interface ScalingResultsProps {
  points: readonly ScalingPoint[];
  summary: ReturnType<typeof summarizeScaling>;
  notes: readonly string[];
  exactRankText: string;
}

/** The fitted slopes, the exact-r line and a table per n (geometric means over seeds). */
export function ScalingResults({ points, summary, notes, exactRankText }: ScalingResultsProps) {
  if (points.length === 0) return null;
  return (
    <>
      <ul className="pl-panel-caption" data-testid="scaling-slopes">
        {notes.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
      <p className="pl-panel-caption" data-testid="scaling-exact">
        {exactRankText}
      </p>
      <div className="pl-table-scroll">
        <table className="pl-table" data-testid="scaling-table">
          <caption className="pl-visually-hidden">Test error per n, geometric means over seeds</caption>
          <thead>
            <tr>
              <th scope="col">n</th>
              <th scope="col">exact r</th>
              {SCALING_SERIES.map((s) => (
                <th key={s} scope="col">
                  {SCALING_SERIES_LABELS[s]}
                </th>
              ))}
              <th scope="col">σ√(rd/n) [paper]</th>
            </tr>
          </thead>
          <tbody>
            {summary.rows.map((row) => (
              <tr key={row.n}>
                <th scope="row">{row.n}</th>
                <td>
                  {Math.round(row.exactRankRate * row.runs)}/{row.runs}
                </td>
                {SCALING_SERIES.map((s) => (
                  <td key={s}>{formatNumber(row.geometricMean[s])}</td>
                ))}
                <td>{formatNumber(row.reference)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
