import { useEffect, useMemo, useRef, useState } from 'react';
import { createPhaseDiagram, type PhaseCell, type PhaseDiagramData } from '../../charts/phaseDiagram';
import type { RunConfig } from '../../core/config';
import {
  CELL_CLASSES,
  CELL_CLASS_LABELS,
  coverageOrder,
  gridFromRanges,
  logSpace,
  sigmaStarList,
  stabilityBoundaryLambda,
  theoryGridRanges,
  type CellClass,
  type SweepGrid,
} from '../../core/sweep';
import { learnabilityBound, stabilityBound, stabilityBoundFormula } from '../../core/theory';
import { useLabActions } from '../../state/store';
import { browserSweepPool } from '../../worker/sweepPool';
import { formatNumber, subscript } from '../format';
import { ToggleGroup } from '../ToggleGroup';
import { useChart } from '../useChart';
import { RangeFields, draftOf, parseDraft, type RangeDraft } from './RangeFields';
import { SweepDownloads } from './SweepDownloads';
import { cellDetail, describeProblem, finishedResults, resultsSummary, scaleNote } from './sweepText';
import { SOURCES, useBaseFor, useSweepBase, type ProblemSource, type SweepPanelProps } from './sweepSource';
import { useSweep } from '../../state/useSweep';
import { CellFailures } from './CellFailures';
import { SweepRunControls } from './SweepRunControls';

const RULES: Record<CellClass, string> = {
  stuck: 'fewer than r columns end above τ: at least one direction never left 0',
  exact: 'exactly r columns above τ: pruning keeps the right model',
  extra: 'more than r columns above τ when the step budget ends: the penalty was too weak to remove the copies',
  unstable: 'the objective blew up, or columns flip sign at every step because η₁ exceeds the stability bound [derived]',
};

/** Points along the boundary curve, enough for a smooth line on log axes. */
const BOUNDARY_POINTS = 48;

/** λ of direction σ's learnability boundary over the β range of a grid, as chart points. */
export function boundaryPoints(grid: SweepGrid, sigma: number, form: RunConfig['regularizer']) {
  const first = grid.betas[0];
  const last = grid.betas[grid.betas.length - 1];
  // Reach half a cell beyond the outer β values so the line crosses the whole diagram.
  const pad = grid.betas.length > 1 ? Math.sqrt(grid.betas[1] / first) : Math.sqrt(10);
  return logSpace(first / pad, last * pad, BOUNDARY_POINTS).map((beta) => ({ beta, lambda: learnabilityBound(sigma, beta, form) }));
}

/** "σ*₁ = 1", …: the label of each direction's boundary line. */
export function boundaryLabels(sigma: readonly number[]): string[] {
  return sigma.map((s, j) => `σ*${subscript(j + 1)} = ${formatNumber(s)}`);
}

/**
 * The (λ, β) phase diagram of issue 4: a grid of full runs in the worker pool, each cell
 * classified and coloured as it arrives, every direction's learnability boundary drawn over it.
 * Clicking (or Enter on) a cell loads that setting into the lab. While the λ sweep uses the
 * shared workers, Run waits for it instead of cancelling it.
 */
export function PhaseDiagramPanel({ pool, onLoadConfig, onLoaded }: SweepPanelProps) {
  const sweepPool = pool ?? browserSweepPool();
  const applyConfig = useLabActions().applyConfig;
  const load = onLoadConfig ?? applyConfig;
  const [source, setSource] = useState<ProblemSource>('sweep default');
  const base = useSweepBase(source);
  const theoryRanges = useMemo(() => theoryGridRanges(sigmaStarList(base), base.regularizer), [base]);
  const [lambdaDraft, setLambdaDraft] = useState<RangeDraft>(() => draftOf(theoryRanges.lambda));
  const [betaDraft, setBetaDraft] = useState<RangeDraft>(() => draftOf(theoryRanges.beta));
  const [loaded, setLoaded] = useState<{ lambdaIndex: number; betaIndex: number; text: string } | null>(null);
  const sweep = useSweep(sweepPool, 'phase diagram');
  const { state, start, busyWith } = sweep;

  const lambdaParsed = parseDraft('lambda', lambdaDraft);
  const betaParsed = parseDraft('beta', betaDraft);
  const valid = lambdaParsed.errors.length === 0 && betaParsed.errors.length === 0;
  const running = state.status === 'running';
  const { min: lambdaMin, max: lambdaMax, count: lambdaCount } = lambdaParsed.range;
  const { min: betaMin, max: betaMax, count: betaCount } = betaParsed.range;
  const draftGrid = useMemo(
    () =>
      valid
        ? gridFromRanges({ lambda: { min: lambdaMin, max: lambdaMax, count: lambdaCount }, beta: { min: betaMin, max: betaMax, count: betaCount } })
        : null,
    [valid, lambdaMin, lambdaMax, lambdaCount, betaMin, betaMax, betaCount],
  );
  // After a sweep the diagram shows what was run; before, a preview of the grid to run.
  const shownGrid = state.grid ?? draftGrid;
  const shownConfig = state.config ?? base;
  const sigma = sigmaStarList(shownConfig);
  const factor = learnabilityBound(1, 1, shownConfig.regularizer);
  const boundaryLegend = `λ = ${formatNumber(factor)}·σ*ⱼ·√β, one per direction [derived]`;
  const directions = boundaryLabels(sigma);

  const resetRanges = (ranges = theoryRanges) => {
    setLambdaDraft(draftOf(ranges.lambda));
    setBetaDraft(draftOf(ranges.beta));
  };

  const baseFor = useBaseFor();
  const chooseSource = (next: ProblemSource) => {
    setSource(next);
    setLoaded(null);
    // The ranges follow the new problem's σ* and form; recomputed here rather than in an effect.
    const nextBase = baseFor(next);
    resetRanges(theoryGridRanges(sigmaStarList(nextBase), nextBase.regularizer));
  };

  const run = () => {
    if (!draftGrid || busyWith) return;
    setLoaded(null);
    start(base, draftGrid, coverageOrder(draftGrid.cells));
  };

  const chartData = useMemo<PhaseDiagramData | null>(() => {
    if (!shownGrid) return null;
    const cells: PhaseCell[] = [];
    for (const outcome of state.outcomes) {
      if (!outcome?.ok) continue;
      const { cell, result } = outcome;
      cells.push({ lambdaIndex: cell.col, betaIndex: cell.row, lambda: cell.lambda, beta: cell.beta, outcome: result.classification, detail: cellDetail(result) });
    }
    return {
      lambdas: shownGrid.lambdas,
      betas: shownGrid.betas,
      cells,
      boundaries: sigma.map((s, j) => ({ points: boundaryPoints(shownGrid, s, shownConfig.regularizer), label: directions[j] })),
      boundaryLegend,
      selected: loaded ? { lambdaIndex: loaded.lambdaIndex, betaIndex: loaded.betaIndex } : null,
    };
  }, [shownGrid, state.outcomes, sigma, directions, shownConfig.regularizer, boundaryLegend, loaded]);

  const onCellClick = (cell: PhaseCell) => {
    const config: RunConfig = { ...shownConfig, lambda: cell.lambda, beta: cell.beta };
    load(config);
    const outcome = cell.outcome === 'pending' ? 'not run yet' : CELL_CLASS_LABELS[cell.outcome];
    const point = `λ = ${formatNumber(cell.lambda)}, β = ${formatNumber(cell.beta)} (${outcome})`;
    setLoaded({ lambdaIndex: cell.lambdaIndex, betaIndex: cell.betaIndex, text: `Loaded ${point} into the lab with this sweep's problem.` });
    onLoaded?.({ config, text: `${point} from the phase diagram` });
  };
  const clickRef = useRef(onCellClick);
  useEffect(() => {
    clickRef.current = onCellClick;
  });

  const hostRef = useChart(
    (host) =>
      createPhaseDiagram(host, {
        description: 'Phase diagram of the regularization sweep',
        onCellClick: (cell) => clickRef.current(cell),
      }),
    chartData,
  );

  const results = finishedResults(state.outcomes);
  const total = state.progress?.total ?? shownGrid?.cells.length ?? 0;
  const stabilityText = shownGrid
    ? `Cells right of λ = 2/(η₁·w(0)) = ${shownConfig.regularizer === 'B' ? '√β/η₁' : '2√β/η₁'} (from ${formatNumber(
        stabilityBoundaryLambda(shownGrid.betas[0], shownConfig.eta, shownConfig.regularizer),
      )} at the smallest β to ${formatNumber(
        stabilityBoundaryLambda(shownGrid.betas[shownGrid.betas.length - 1], shownConfig.eta, shownConfig.regularizer),
      )} at the largest) are expected to be unstable [derived].`
    : '';
  const lossBound = stabilityBound(0, shownConfig.beta, sigma[0], shownConfig.regularizer);
  const lossWarning =
    shownConfig.eta > lossBound
      ? `η₁ = ${formatNumber(shownConfig.eta)} is above ${stabilityBoundFormula(0, sigma[0], shownConfig.regularizer)} = ${formatNumber(lossBound)} [derived], so the loss itself may diverge in any cell.`
      : '';
  const note = scaleNote(shownConfig);

  return (
    <section className="pl-panel pl-sweep" aria-label="Phase diagram">
      <h2>Phase diagram: λ against β</h2>
      <p className="pl-panel-caption" data-testid="sweep-caption">
        Each cell is a full run, coloured by how many columns end above τ. The dashed lines are the learnability boundaries{' '}
        {boundaryLegend}: {directions.join(', ')}. Right of direction j&apos;s line, σ*ⱼ stays stuck at 0; left of the leftmost every direction can be
        learned, and right of the rightmost none can. {lossWarning}
      </p>
      <details className="pl-group">
        <summary>Settings</summary>
        <p className="pl-panel-caption" data-testid="sweep-settings">
          Every cell: {describeProblem(shownConfig)}. {stabilityText} {note}
        </p>
      </details>
      <div className="pl-panel-toolbar">
        <ToggleGroup label="Cells use" options={SOURCES} value={source} onChange={chooseSource} />
        <button type="button" onClick={() => resetRanges()} disabled={running}>
          Centre on theory
        </button>
      </div>
      <div className="pl-sweep-ranges">
        <RangeFields symbol="λ" draft={lambdaDraft} errors={lambdaParsed.errors} disabled={running} onChange={setLambdaDraft} />
        <RangeFields symbol="β" draft={betaDraft} errors={betaParsed.errors} disabled={running} onChange={setBetaDraft} />
      </div>
      <SweepRunControls
        noun="sweep"
        sweep={sweep}
        canRun={valid}
        onRun={run}
        total={total}
        progressLabel="Sweep progress"
        testIdPrefix="sweep"
      >
        {draftGrid ? (
          <span>
            {draftGrid.cells.length} runs, {Math.min(sweepPool.size, draftGrid.cells.length)} at a time
          </span>
        ) : null}
      </SweepRunControls>
      <div className="pl-chart-host" ref={hostRef} />
      {loaded ? (
        <p className="pl-status" role="status">
          {loaded.text}
        </p>
      ) : null}
      <p data-testid="sweep-summary">{resultsSummary(results, shownConfig.r)}</p>
      <SweepDownloads state={state} name="phase diagram" />
      <CellFailures<'cell'> outcomes={state.outcomes} describe={(cell) => `λ = ${formatNumber(cell.lambda)}, β = ${formatNumber(cell.beta)}`} />
      <dl className="pl-sweep-rules">
        {CELL_CLASSES.map((c) => (
          <div key={c}>
            <dt>{CELL_CLASS_LABELS[c]}</dt>
            <dd>{RULES[c]}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
