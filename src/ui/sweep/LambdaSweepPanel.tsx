import { useMemo, useState, useId } from 'react';
import { createLogLineChart, type LineSeries, type LogLineData } from '../../charts/logLineChart';
import { PHASE_COLORS, PHASE_LABELS } from '../../charts/phaseDiagram';
import { COLORS, SERIES_COLORS } from '../../charts/theme';
import { parseField, type RunConfig } from '../../core/config';
import {
  CELL_CLASS_LABELS,
  coverageOrder,
  logSpace,
  roundSignificant,
  sigmaStarList,
  sweepGrid,
  theoryLambdaRange,
  type CellResult,
} from '../../core/sweep';
import { learnabilityBound, predictedBias } from '../../core/theory';
import { useLabActions } from '../../state/store';
import { browserSweepPool } from '../../worker/sweepPool';
import { formatNumber } from '../format';
import { TableScroll } from '../TableScroll';
import { ToggleGroup } from '../ToggleGroup';
import { useChart } from '../useChart';
import { ColumnsKeptChart } from './ColumnsKeptChart';
import { SOURCES, useBaseFor, useSweepBase, type ProblemSource, type SweepPanelProps } from './sweepSource';
import { RangeFields, draftOf, parseDraft, type RangeDraft } from './RangeFields';
import { SweepDownloads } from './SweepDownloads';
import { describeProblem, finishedResults } from './sweepText';
import { useSweep } from '../../state/useSweep';
import { CellFailures } from './CellFailures';
import { SweepRunControls } from './SweepRunControls';

/** Points of the predicted-bias line across the learnable part of the λ range. */
const PREDICTION_POINTS = 24;

function betaError(text: string): string | null {
  const parsed = parseField('beta', text.trim() === '' ? Number.NaN : Number(text.trim()));
  return 'error' in parsed ? parsed.error : null;
}

/**
 * The 1-D λ sweep at fixed β (issue 4): for each λ the columns kept after phase 1, the test
 * error after prune + fine-tune, and the measured bias ‖UUᵀ − M*‖ (Frobenius) beside the
 * predicted (λ/4)√(Σ 1/σ*ⱼ) [derived], on a log λ axis. While the phase diagram uses the
 * shared workers, Run waits for it instead of cancelling it.
 */
export function LambdaSweepPanel({ pool, onLoadConfig, onLoaded }: SweepPanelProps) {
  const sweepPool = pool ?? browserSweepPool();
  const applyConfig = useLabActions().applyConfig;
  const load = onLoadConfig ?? applyConfig;
  const [source, setSource] = useState<ProblemSource>('sweep default');
  const base = useSweepBase(source);
  const [betaText, setBetaText] = useState(() => String(base.beta));
  const betaProblem = betaError(betaText);
  const beta = betaProblem ? null : Number(betaText.trim());
  const [lambdaDraft, setLambdaDraft] = useState<RangeDraft>(() => draftOf(theoryLambdaRange(sigmaStarList(base), base.beta, base.regularizer)));
  const [loadedText, setLoadedText] = useState<string | null>(null);
  const sweep = useSweep(sweepPool, 'λ sweep');
  const { state, start, busyWith } = sweep;
  const betaId = useId();

  const lambdaParsed = parseDraft('lambda', lambdaDraft);
  const valid = lambdaParsed.errors.length === 0 && beta !== null;
  const running = state.status === 'running';

  const centre = (config: RunConfig, atBeta: number) => setLambdaDraft(draftOf(theoryLambdaRange(sigmaStarList(config), atBeta, config.regularizer)));

  const baseFor = useBaseFor();
  const chooseSource = (next: ProblemSource) => {
    setSource(next);
    setLoadedText(null);
    // A new problem brings its own β and boundaries.
    const nextBase = baseFor(next);
    setBetaText(String(nextBase.beta));
    centre(nextBase, nextBase.beta);
  };

  const run = () => {
    if (!valid || beta === null || busyWith) return;
    const { min, max, count } = lambdaParsed.range;
    const grid = sweepGrid(logSpace(min, max, count).map(roundSignificant), [beta]);
    setLoadedText(null);
    start(base, grid, coverageOrder(grid.cells));
  };

  const shownConfig = state.config ?? base;
  const shownBeta = state.grid ? state.grid.betas[0] : beta;
  const sigma = useMemo(() => sigmaStarList(shownConfig), [shownConfig]);
  const bounds = shownBeta === null ? [] : sigma.map((s) => learnabilityBound(s, shownBeta, shownConfig.regularizer));
  const weakestBound = bounds.length ? bounds[bounds.length - 1] : null;
  const domainMin = state.grid ? state.grid.lambdas[0] : valid ? lambdaParsed.range.min : null;
  const domainMax = state.grid ? state.grid.lambdas[state.grid.lambdas.length - 1] : valid ? lambdaParsed.range.max : null;
  const lambdaDomain = useMemo<[number, number] | null>(
    () => (domainMin !== null && domainMax !== null ? [domainMin, domainMax] : null),
    [domainMin, domainMax],
  );

  const results = useMemo(() => finishedResults(state.outcomes).sort((a, b) => a.lambda - b.lambda), [state.outcomes]);

  const chartData = useMemo<LogLineData | null>(() => {
    if (!lambdaDomain) return null;
    const xs = results.map((r) => r.lambda);
    const measured = (value: (r: CellResult) => number | null) => results.map((r) => value(r) ?? Number.NaN);
    const series: LineSeries[] = [
      { id: 'bias', label: 'measured bias ‖UUᵀ − M*‖ (Frobenius) after phase 1', x: xs, y: measured((r) => r.bias), color: SERIES_COLORS[0] },
      { id: 'finetuned', label: 'test error after prune + fine-tune', x: xs, y: measured((r) => r.testErrorAfterFineTune), color: SERIES_COLORS[2] },
    ];
    // The prediction holds while every direction is learned: left of the weakest boundary.
    const predictionEnd = weakestBound === null ? lambdaDomain[1] : Math.min(lambdaDomain[1], weakestBound);
    if (predictionEnd > lambdaDomain[0]) {
      const lambdas = logSpace(lambdaDomain[0], predictionEnd, PREDICTION_POINTS);
      series.push({
        id: 'predicted',
        label: 'predicted bias (λ/4)√(Σ 1/σ*ⱼ) [derived]',
        x: lambdas,
        y: lambdas.map((l) => predictedBias(l, sigma)),
        color: COLORS.ink,
        dashed: true,
      });
    }
    return { series, xDomain: lambdaDomain };
  }, [results, lambdaDomain, weakestBound, sigma]);

  const hostRef = useChart(
    (host) =>
      createLogLineChart(host, {
        description: 'Bias and test error against λ',
        xLabel: 'λ (log scale)',
        yLabel: '‖UUᵀ − M*‖ Frobenius (log scale)',
        xScale: 'log',
        xName: 'λ',
      }),
    chartData,
  );

  const loadRow = (result: CellResult) => {
    const config = { ...shownConfig, lambda: result.lambda, beta: result.beta };
    load(config);
    const point = `λ = ${formatNumber(result.lambda)}, β = ${formatNumber(result.beta)}`;
    setLoadedText(`Loaded ${point} into the lab.`);
    onLoaded?.({ config, text: `${point} from the λ sweep` });
  };

  const total = state.progress?.total ?? (valid ? lambdaParsed.range.count : 0);
  const boundsText = bounds.length
    ? `At β = ${formatNumber(shownBeta)} the learnability bounds λ < ${formatNumber(learnabilityBound(1, 1, shownConfig.regularizer))}·σ*ⱼ·√β [derived] are ${bounds
        .map((b) => formatNumber(b))
        .join(', ')} (dotted lines).`
    : '';

  return (
    <section className="pl-panel pl-sweep" aria-label="λ sweep">
      <h2>λ sweep at fixed β</h2>
      <p className="pl-panel-caption" data-testid="lambda-caption">
        Each point is a full run at one λ. {boundsText} The predicted bias (λ/4)√(Σ 1/σ*ⱼ) is our derivation [derived], drawn only where
        every direction is learnable.
      </p>
      <details className="pl-group">
        <summary>Settings</summary>
        <p className="pl-panel-caption" data-testid="lambda-settings">
          Every point: {describeProblem(shownConfig)}.
        </p>
      </details>
      <div className="pl-panel-toolbar">
        <ToggleGroup label="Cells use" options={SOURCES} value={source} onChange={chooseSource} />
        <button type="button" disabled={running || beta === null} onClick={() => beta !== null && centre(base, beta)}>
          Centre λ on theory
        </button>
      </div>
      <div className="pl-sweep-ranges">
        <div className="pl-field">
          <label className="pl-field-label" htmlFor={betaId}>
            β (fixed)
          </label>
          <input
            id={betaId}
            type="text"
            inputMode="decimal"
            autoComplete="off"
            spellCheck={false}
            value={betaText}
            disabled={running}
            aria-invalid={betaProblem ? true : undefined}
            aria-describedby={betaProblem ? `${betaId}-error` : undefined}
            onChange={(event) => setBetaText(event.target.value)}
          />
          {betaProblem ? (
            <p className="pl-field-error" id={`${betaId}-error`} role="alert">
              {betaProblem}
            </p>
          ) : null}
        </div>
        <RangeFields symbol="λ" draft={lambdaDraft} errors={lambdaParsed.errors} disabled={running} onChange={setLambdaDraft} />
      </div>
      <SweepRunControls
        noun="λ sweep"
        sweep={sweep}
        canRun={valid}
        onRun={run}
        total={total}
        progressLabel="Progress of the λ sweep"
        testIdPrefix="lambda"
      />
      {state.grid ? null : <p className="pl-empty">Run the sweep to fill this chart.</p>}
      <div className="pl-chart-host" ref={hostRef} hidden={!state.grid} />
      {lambdaDomain && state.grid ? (
        <ColumnsKeptChart
          points={results.map((r) => ({ lambda: r.lambda, kept: r.aboveTau, learnable: r.learnableDirections }))}
          lambdaDomain={lambdaDomain}
          r={shownConfig.r}
          bounds={bounds}
        />
      ) : null}
      {state.grid ? (
        <p className="pl-panel-caption">
          Solid: columns above τ after phase 1 (what pruning keeps). Dashed: directions λ leaves learnable [derived]. The red line is r.
        </p>
      ) : null}
      {loadedText ? (
        <p className="pl-status" role="status">
          {loadedText}
        </p>
      ) : null}
      <CellFailures<'cell'> outcomes={state.outcomes} describe={(cell) => `λ = ${formatNumber(cell.lambda)}`} />
      <SweepDownloads state={state} name={`lambda sweep beta ${shownBeta ?? ''}`} />
      {results.length ? (
        <TableScroll label="λ sweep results">
          <table className="pl-table" data-testid="lambda-table">
            <caption className="pl-visually-hidden">λ sweep results at β = {formatNumber(shownBeta)}</caption>
            <thead>
              <tr>
                <th scope="col">λ</th>
                <th scope="col" className="pl-outcome">
                  outcome
                </th>
                <th scope="col">columns kept</th>
                <th scope="col">bias measured</th>
                <th scope="col">bias predicted [derived]</th>
                <th scope="col">error after fine-tune</th>
                <th scope="col">
                  <span className="pl-visually-hidden">load</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {results.map((r) => (
                <tr key={r.lambda}>
                  <td>{formatNumber(r.lambda)}</td>
                  <td className="pl-outcome" title={CELL_CLASS_LABELS[r.classification]}>
                    {/* The phase diagram's colour for this outcome. */}
                    <span aria-hidden="true" className="pl-outcome-chip" style={{ background: PHASE_COLORS[r.classification] }} />
                    {PHASE_LABELS[r.classification]}
                  </td>
                  <td>{r.aboveTau}</td>
                  <td>{formatNumber(r.bias)}</td>
                  <td>{r.learnableDirections === shownConfig.r ? formatNumber(r.predictedBias) : '— (a direction is stuck)'}</td>
                  <td>{formatNumber(r.testErrorAfterFineTune)}</td>
                  <td>
                    <button type="button" onClick={() => loadRow(r)} aria-label={`Load λ = ${formatNumber(r.lambda)} into the lab`}>
                      Load
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
    </section>
  );
}
