import { useCallback, useRef } from 'react';
import { createLogLineChart, formatRho, type LineSeries } from '../../charts/logLineChart';
import { COLORS } from '../../charts/theme';
import type { RunConfig } from '../../core/config';
import { useLabStore } from '../../state/store';
import type { FrameSnapshot } from '../../worker/frameBus';
import type { LaneId } from '../../worker/labProtocol';
import { fineTuneSummary, type FineTuneSummary } from './fineTuneFit';
import { laneLambdaText } from './laneNames';
import { useFrameChart } from './useFrameChart';

/** A lane's curves; with both lanes drawn, each named by the λ its phase 1 used. */
function fineTuneSeries(summary: FineTuneSummary, lane: LaneId, color: string, compared: RunConfig | null): LineSeries[] {
  const name = compared ? ` (${laneLambdaText(compared, lane)})` : '';
  return [
    { id: `${lane}-gap`, label: `L − L∞${name}`, x: summary.gap.steps, y: summary.gap.gaps, color },
    { id: `${lane}-grad`, label: `‖∇L‖${name}`, x: summary.gradNorm.xs, y: summary.gradNorm.ys, color, dashed: true },
  ];
}

/** The "Fine-tuning loss" region: after Prune, the loss gap and gradient norm with the fitted rate ρ. */
export function FineTunePanel() {
  const comparison = useLabStore((s) => s.view.comparison);
  const config = useLabStore((s) => s.params.config);
  const pruned = useLabStore((s) => s.run.phase === 'finetune');
  const summaryRef = useRef<HTMLParagraphElement>(null);
  // Whether the chart is already empty, so frames before pruning cost nothing.
  const clearedRef = useRef(false);

  const hostRef = useFrameChart(
    (host) => createLogLineChart(host, { description: 'Fine-tuning loss', xLabel: 'fine-tuning step', yLabel: 'log scale' }),
    useCallback(
      (snapshot: FrameSnapshot | null) => {
      if (!snapshot) return null;
      const regularized = fineTuneSummary(snapshot, 'regularized');
      if (!regularized) {
        // A new run or a reset: clear the previous run's curves once.
        if (clearedRef.current) return null;
        clearedRef.current = true;
        if (summaryRef.current) summaryRef.current.textContent = '';
        return { series: [] };
      }
      clearedRef.current = false;
      const unregularized = comparison ? fineTuneSummary(snapshot, 'unregularized') : null;
      // Written straight into the DOM: this runs once per frame and must not re-render React.
      if (summaryRef.current) summaryRef.current.textContent = describeFit(regularized);
      const compared = unregularized ? config : null;
      const series = fineTuneSeries(regularized, 'regularized', COLORS.reg, compared);
      if (unregularized) series.push(...fineTuneSeries(unregularized, 'unregularized', COLORS.unreg, compared));
      return { series, fits: regularized.fit ? [regularized.fit] : [] };
    },
      [comparison, config],
    ),
  );

  return (
    <section className="pl-panel" aria-label="Fine-tuning loss">
      <h2>Fine-tuning loss</h2>
      <p className="pl-panel-caption">
        Gradient descent on the unregularized loss from the pruned model. A straight line on this log scale is linear
        convergence, error ≈ C ρᵗ; L∞ is estimated by the lowest loss seen.
      </p>
      {pruned ? null : <p className="pl-empty">Prune, then Fine-tune to see the pruned model converge.</p>}
      <p className="pl-fit-summary" ref={summaryRef} data-testid="fit-summary" aria-live="polite" />
      <div className="pl-chart-host" ref={hostRef} hidden={!pruned} />
    </section>
  );
}

function describeFit(summary: FineTuneSummary): string {
  const parts: string[] = [];
  if (summary.rho !== null) parts.push(`fitted rate ρ = ${formatRho(summary.rho)} per step (loss gap)`);
  if (summary.gradNormRho !== null) parts.push(`ρ = ${formatRho(summary.gradNormRho)} for ‖∇L‖`);
  if (summary.gapDecades !== null) parts.push(`loss gap fell ${summary.gapDecades.toFixed(1)} decades`);
  return parts.join(' · ');
}
