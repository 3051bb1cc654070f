import { useMemo, useState } from 'react';
import { createLogLineChart, formatRho, type LineSeries, type LogLineData } from '../../charts/logLineChart';
import { COLORS } from '../../charts/theme';
import { kernelLabel } from '../../core/kernelChoice';
import { tauOf } from '../../core/runSetup';
import { totalSteps, useLabActions, useLabStore, type LabState } from '../../state/store';
import { formatNumber } from '../format';
import { etaMs, formatDuration, formatFlops } from '../presets/cost';
import { Badge } from '../explain/Badge';
import { useChart } from '../useChart';
import type { RateComparison, RateCurve } from '../../core/rateComparison';
import { rateComparisonFlops } from '../../core/rateComparison';

/** Chart data of a finished comparison: both ‖∇L‖ curves and the pruned model's fitted rate. */
export function rateChartData(result: RateComparison): LogLineData {
  if (result.kind !== 'ok') return { series: [] };
  const series: LineSeries[] = [
    { id: 'pruned', label: `pruned, k = ${result.pruned.k}`, x: result.pruned.steps, y: result.pruned.gradNorm, color: COLORS.reg },
    {
      id: 'overparameterized',
      label: `overparameterized, k = ${result.overparameterized.k}, λ = 0`,
      x: result.overparameterized.steps,
      y: result.overparameterized.gradNorm,
      color: COLORS.unreg,
    },
  ];
  const fit = result.pruned.fit;
  return {
    series,
    fits: fit ? [{ rho: fit.rho, C: fit.C, from: fit.fittedFrom, to: fit.fittedTo, label: 'pruned fit' }] : [],
  };
}

function describeCurve(curve: RateCurve, steps: number): string {
  const rate = curve.fit ? `, fitted ρ = ${formatRho(curve.fit.rho)} per step` : '';
  return `‖∇L‖ fell ${curve.decades.toFixed(curve.decades < 1 ? 2 : 1)} decades in ${steps} steps${rate}`;
}

/** The step where the pruned curve first drops below the overparameterized one, if it does. */
function crossingStep(result: Extract<RateComparison, { kind: 'ok' }>): number | null {
  const over = result.overparameterized;
  for (let i = 0; i < result.pruned.steps.length; i++) {
    const step = result.pruned.steps[i];
    const j = over.steps.indexOf(step);
    if (j >= 0 && result.pruned.gradNorm[i] < over.gradNorm[j]) return step;
  }
  return null;
}

/**
 * Where the lab's two lanes stand, when both exist, have trained and are not running (so
 * their phase-1 matrices can seed the continuations): the phase-1 step while still in
 * phase 1, 'pruned' after pruning (the export holds U at the moment of pruning); null otherwise.
 */
function selectLabStart(s: LabState): number | 'pruned' | null {
  const { regularized, unregularized } = s.run.lanes;
  if (!regularized || !unregularized || s.run.status === 'running' || s.run.status === 'loading') return null;
  if (regularized.phase === 'finetune') return 'pruned';
  return regularized.step > 0 ? regularized.step : null;
}

/**
 * "Convergence rate": the pruned model against the unpruned overparameterized one, both
 * continuing gradient descent on L after the same phase-1 budget, on one log scale.
 */
export function RatePanel() {
  const config = useLabStore((s) => s.params.config);
  const flopsPerStep = useLabStore((s) => s.run.info?.flopsPerStep ?? null);
  const stepsPerSecond = useLabStore((s) => s.run.stepsPerSecond);
  const state = useLabStore((s) => s.rates);
  const actions = useLabActions();
  const labStart = useLabStore(selectLabStart);
  const [exportError, setExportError] = useState<string | null>(null);
  const result = state.status === 'done' ? state.result : null;
  const chartData = useMemo(() => (result ? rateChartData(result) : { series: [] }), [result]);
  const hostRef = useChart(
    (host) => createLogLineChart(host, { description: 'Convergence rate', xLabel: 'steps after phase 1', yLabel: '‖∇L‖, log scale' }),
    chartData,
  );

  const steps = totalSteps(config);
  const cost = flopsPerStep !== null ? formatFlops(rateComparisonFlops(config, flopsPerStep)) : null;
  const eta = etaMs(steps, stepsPerSecond);
  const labSteps = totalSteps(config, true);
  const labEta = etaMs(labSteps, stepsPerSecond);

  const continueLabRun = () => {
    setExportError(null);
    actions.exportRun().then(
      (runs) => {
        const regularized = runs.find((run) => run.lane === 'regularized')?.result;
        const unregularized = runs.find((run) => run.lane === 'unregularized')?.result;
        if (!regularized || !unregularized) {
          setExportError('The lab has no unregularized lane to continue: turn on the comparison with λ = 0 and train again.');
          return;
        }
        actions.startRateComparison(config, {
          regularizedU: Float64Array.from(regularized.phase1.U),
          unregularizedU: Float64Array.from(unregularized.phase1.U),
          phase1Steps: regularized.phase1.final.step,
        });
      },
      (error: unknown) => setExportError(error instanceof Error ? error.message : String(error)),
    );
  };
  const crossing = result?.kind === 'ok' ? crossingStep(result) : null;
  const stale = state.status === 'done' && JSON.stringify(state.config) !== JSON.stringify(config);

  return (
    <section className="pl-panel pl-panel-wide pl-rate-panel" aria-label="Convergence rate">
      <h2>Convergence rate: pruned against overparameterized</h2>
      <p className="pl-panel-caption">
        From the same U₀ and data, after the same {result?.kind === 'ok' ? result.phase1Steps : config.steps} phase-1 steps: gradient descent on the unregularized loss
        continues on the pruned model (trained with λ = {config.lambda}, pruned at τ = {formatNumber(result?.kind === 'ok' ? result.tau : tauOf(config))}) and on the overparameterized model trained
        without the penalty (all {config.k} columns). The pruned model converges linearly <Badge tag="paper" />, the
        overparameterized one about like 1/t <Badge tag="measured" />. Both curves are ‖∇L‖, which needs no estimate of
        the limit.
      </p>
      <div className="pl-rate-actions">
        {state.status === 'running' ? (
          <>
            <button type="button" onClick={actions.cancelRateComparison}>
              Cancel
            </button>
            <progress max={state.total} value={state.done} aria-label="Rate comparison progress" />
            <span className="pl-rate-progress">
              {state.done} / {state.total} steps
              {state.done > 0 ? `, about ${formatDuration((state.elapsedMs / state.done) * (state.total - state.done))} left` : ''}
            </span>
          </>
        ) : (
          <>
            <button type="button" onClick={() => actions.startRateComparison(config)}>
              {state.status === 'done' && !state.fromLab ? 'Compare rates again' : 'Compare rates'}
            </button>
            <span className="pl-rate-cost">
              Runs {steps} steps in a separate worker{cost ? ` (at most ${cost})` : ''}
              {eta !== null ? `, about ${formatDuration(eta)} at the lab's measured ${Math.round(stepsPerSecond)} steps/s` : ''}.
            </span>
            {labStart !== null ? (
              <>
                <button type="button" onClick={continueLabRun}>
                  Continue the lab&apos;s run
                </button>
                <span className="pl-rate-cost">
                  Starts from the lab&apos;s two lanes {labStart === 'pruned' ? 'as they were at pruning' : `at phase-1 step ${labStart}`}: {labSteps} steps
                  {labEta !== null ? `, about ${formatDuration(labEta)}` : ''}.
                </span>
              </>
            ) : null}
          </>
        )}
      </div>
      {exportError ? (
        <p className="pl-alert" role="alert">
          {exportError}
        </p>
      ) : null}
      {state.status === 'error' ? (
        <p className="pl-alert" role="alert">
          {state.message}
        </p>
      ) : null}
      {result?.kind === 'failed' ? (
        <p className="pl-alert" role="alert">
          {result.reason}
        </p>
      ) : null}
      {result?.kind === 'ok' ? (
        <div className="pl-rate-summary" data-testid="rate-summary">
          <p>
            <strong>Pruned (k = {result.pruned.k}):</strong> {describeCurve(result.pruned, config.fineTuneSteps)}.
          </p>
          <p>
            <strong>Overparameterized (k = {result.overparameterized.k}, λ = 0):</strong>{' '}
            {describeCurve(result.overparameterized, config.fineTuneSteps)}.
          </p>
          <p>
            The pruned model starts further from a stationary point (the penalty’s bias)
            {crossing === null ? ' and stays above within this budget.' : ` and is below the overparameterized one from step ${crossing} on.`}
          </p>
          <p className="pl-status">Computed on {kernelLabel(result.kernel)}.</p>
          {stale ? <p className="pl-empty">Computed for an earlier configuration; compare again to follow the current one.</p> : null}
        </div>
      ) : null}
      <div className="pl-chart-host" ref={hostRef} hidden={result?.kind !== 'ok'} />
    </section>
  );
}
