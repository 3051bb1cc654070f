import { useCallback, useRef, useState } from 'react';
import { createLogLineChart, type EventMark, type LineSeries } from '../../charts/logLineChart';
import type { ThresholdEvent } from '../../core/thresholdEvents';
import { COLORS } from '../../charts/theme';
import type { RunConfig } from '../../core/config';
import { useLabStore } from '../../state/store';
import type { FrameSnapshot } from '../../worker/frameBus';
import { historyColumns, laneHistory } from './frameData';
import { laneLambdaText, laneName } from './laneNames';
import { rankSummary, thresholdEventText, useThresholdEvents } from './thresholdEvents';
import { useFrameChart } from './useFrameChart';

/**
 * Loss, objective, test error and (when the problem has a held-out set) held-out loss of the
 * regularized run; with the comparison on, both lanes' loss and test error.
 */
export function trainingSeries(snapshot: FrameSnapshot, comparison: boolean, config: RunConfig): LineSeries[] {
  const regularized = laneHistory(snapshot, 'regularized')?.train ?? [];
  const series = (id: string, label: string, columns: { xs: number[]; ys: number[] }, color?: string, dashed?: boolean): LineSeries => ({
    id,
    label,
    x: columns.xs,
    y: columns.ys,
    color,
    dashed,
  });
  if (!comparison) {
    const curves = [
      series('loss', 'loss L', historyColumns(regularized, 'loss')),
      series('objective', 'objective f', historyColumns(regularized, 'objective')),
      series('testError', 'test error', historyColumns(regularized, 'testError')),
    ];
    // The population model has no held-out set (its loss is the test loss): no empty legend entry.
    if (regularized[0]?.heldOutLoss !== undefined) curves.push(series('heldOutLoss', 'held-out loss', historyColumns(regularized, 'heldOutLoss')));
    return curves;
  }
  const unregularized = laneHistory(snapshot, 'unregularized')?.train ?? [];
  const reg = laneLambdaText(config, 'regularized');
  const unreg = laneLambdaText(config, 'unregularized');
  return [
    series('reg-loss', `loss (${reg})`, historyColumns(regularized, 'loss'), COLORS.reg),
    series('reg-test', `test error (${reg})`, historyColumns(regularized, 'testError'), COLORS.reg, true),
    series('unreg-loss', `loss (${unreg})`, historyColumns(unregularized, 'loss'), COLORS.unreg),
    series('unreg-test', `test error (${unreg})`, historyColumns(unregularized, 'testError'), COLORS.unreg, true),
  ];
}

/** What each drawn series is, in the caption's words. */
const SERIES_TEXT: Record<string, string> = {
  loss: 'the loss L',
  objective: 'the penalized objective f = L + λ Σ ψᵦ',
  testError: 'the test error ‖UUᵀ − M*‖ (Frobenius norm)',
  heldOutLoss: 'the held-out loss on fresh noise-free measurements',
  'reg-loss': 'the loss L (solid)',
  'reg-test': 'the test error ‖UUᵀ − M*‖ (Frobenius norm, dashed)',
};

function listed(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The caption of exactly the series drawn. */
export function trainingCaption(series: readonly LineSeries[], comparison: boolean, config: RunConfig): string {
  const described = series.flatMap((s) => (SERIES_TEXT[s.id] ? [SERIES_TEXT[s.id]] : []));
  const lanes = comparison ? ` of both runs (blue: ${laneName(config, 'regularized')}; orange: ${laneName(config, 'unregularized')})` : '';
  return `Phase 1 on a log scale: ${listed(described)}${lanes}. Hover for values.`;
}

/** A threshold event on the curves: "7↓" where column 7 fell below τ, "r" where exactly r first stood above it. */
export function eventMark(event: ThresholdEvent): EventMark {
  if (event.kind === 'reachedRank') return { x: event.step, label: 'r', color: COLORS.threshold };
  return { x: event.step, label: `${event.column}${event.direction === 'up' ? '↑' : '↓'}` };
}

/**
 * The regularized run's threshold events, in words, for everyone and for screen readers (the
 * chart marks each with a dotted vertical rule).
 */
function ThresholdEventList() {
  const events = useThresholdEvents('regularized');
  const aboveTau = useLabStore((s) => s.run.lanes.regularized?.aboveTau ?? 0);
  const crossings = events.filter((event) => event.kind === 'crossed').length;
  const rank = rankSummary(events, aboveTau);
  // The list (hundreds of items at Figure 1's size, rewritten as events arrive) is built only while unfolded.
  const [open, setOpen] = useState(false);
  return (
    <details className="pl-event-list" data-testid="threshold-events" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>
        Events: {crossings} τ crossing{crossings === 1 ? '' : 's'}
        {rank ? `; ${rank}` : ''}
      </summary>
      {!open ? null : events.length === 0 ? (
        <p className="pl-empty">No column has crossed τ yet.</p>
      ) : (
        <ol aria-label="Threshold events">
          {events.map((event, index) => (
            <li key={index}>{thresholdEventText(event)}</li>
          ))}
        </ol>
      )}
    </details>
  );
}

/** Phase-1 curves on a log scale, with the chart's hover readout. */
export function TrainingCurvesPanel() {
  const comparison = useLabStore((s) => s.view.comparison);
  const config = useLabStore((s) => s.params.config);
  const captionRef = useRef<HTMLParagraphElement>(null);
  const hostRef = useFrameChart(
    (host) => createLogLineChart(host, { description: 'Training curves', xLabel: 'step', yLabel: 'log scale' }),
    useCallback(
      (snapshot: FrameSnapshot | null) => {
      if (!snapshot) return null;
      const series = trainingSeries(snapshot, comparison, config);
      // Written straight into the DOM (per frame, no React render); it changes only when the set of series does.
      const caption = trainingCaption(series, comparison, config);
      if (captionRef.current && captionRef.current.textContent !== caption) captionRef.current.textContent = caption;
      const events = laneHistory(snapshot, 'regularized')?.events ?? [];
      return { series, events: events.map(eventMark) };
    },
      [comparison, config],
    ),
  );
  return (
    <section className="pl-panel" aria-label="Training curves">
      <h2>Training curves</h2>
      <p className="pl-panel-caption" ref={captionRef} data-testid="training-caption">
        Phase 1 on a log scale. Hover for values.
      </p>
      <div className="pl-chart-host" ref={hostRef} />
      <ThresholdEventList />
    </section>
  );
}
