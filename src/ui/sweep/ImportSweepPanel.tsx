import { useMemo, useState } from 'react';
import { createLogLineChart, type LogLineData } from '../../charts/logLineChart';
import { createPhaseDiagram, type PhaseCell, type PhaseDiagramData } from '../../charts/phaseDiagram';
import { createScalingChart } from '../../charts/scalingChart';
import { SERIES_COLORS } from '../../charts/theme';
import { scalingFigure, summarizeScaling } from '../../core/scaling';
import { parseSweepFile, type SweepFile } from '../../core/sweepFile';
import { cellText, type SweepGridSpec } from '../../core/sweepGrid';
import { scalingPointsOf, sweepSigmaStar, sweepView, type SweepView } from '../../core/sweepView';
import { learnabilityBound } from '../../core/theory';
import { formatNumber } from '../format';
import { useChart } from '../useChart';
import { FileImportButton } from '../FileImportButton';
import { boundaryLabels, boundaryPoints } from './PhaseDiagramPanel';
import { ScalingResults } from './ScalingPanel';
import { cellDetail, describeProblem } from './sweepText';

/** Larger files are refused before reading. */
const MAX_SWEEP_BYTES = 100 * 1024 * 1024;

const VIEW_NAMES: Record<SweepView['kind'], string> = {
  scaling: 'the generalization view (n varies)',
  phase: 'a phase diagram (λ and β vary)',
  lambda: 'a λ sweep (λ varies)',
  table: 'a table (neither n nor λ varies)',
};

interface Imported {
  fileName: string;
  file: SweepFile;
  grid: SweepGridSpec;
  view: SweepView;
}

const sortedValues = (values: readonly number[]) => [...new Set(values)].sort((a, b) => a - b);

function PhaseView({ imported }: { imported: Imported }) {
  const { file, view } = imported;
  const data = useMemo<PhaseDiagramData>(() => {
    const lambdas = sortedValues(view.cells.map((c) => c.config.lambda));
    const betas = sortedValues(view.cells.map((c) => c.config.beta));
    const cells: PhaseCell[] = view.cells.map(({ config, result }) => ({
      lambdaIndex: lambdas.indexOf(config.lambda),
      betaIndex: betas.indexOf(config.beta),
      lambda: config.lambda,
      beta: config.beta,
      outcome: result.classification,
      detail: cellDetail(result),
    }));
    const sigma = sweepSigmaStar(file);
    const labels = boundaryLabels(sigma);
    return {
      lambdas,
      betas,
      cells,
      boundaries: sigma.map((s, j) => ({ points: boundaryPoints({ lambdas, betas, cells: [] }, s, file.config.regularizer), label: labels[j] })),
      boundaryLegend: `λ = ${formatNumber(learnabilityBound(1, 1, file.config.regularizer))}·σ*ⱼ·√β, one per direction [derived]`,
    };
  }, [file, view]);
  const host = useChart((element) => createPhaseDiagram(element, { description: 'Phase diagram of the imported sweep' }), data);
  return <div className="pl-chart-host" ref={host} />;
}

function LambdaView({ imported }: { imported: Imported }) {
  const { view } = imported;
  const data = useMemo<LogLineData>(() => {
    const results = [...view.cells].sort((a, b) => a.config.lambda - b.config.lambda);
    const xs = results.map((c) => c.config.lambda);
    return {
      series: [
        { id: 'bias', label: 'measured bias ‖UUᵀ − M*‖ (Frobenius) after phase 1', x: xs, y: results.map((c) => c.result.bias ?? Number.NaN), color: SERIES_COLORS[0] },
        { id: 'finetuned', label: 'test error after prune + fine-tune', x: xs, y: results.map((c) => c.result.testErrorAfterFineTune ?? Number.NaN), color: SERIES_COLORS[2] },
      ],
    };
  }, [view]);
  const host = useChart(
    (element) => createLogLineChart(element, { description: 'Bias and test error of the imported λ sweep', xLabel: 'λ (log scale)', yLabel: '‖UUᵀ − M*‖ Frobenius (log scale)', xScale: 'log', xName: 'λ' }),
    data,
  );
  return <div className="pl-chart-host" ref={host} />;
}

function ScalingView({ imported }: { imported: Imported }) {
  const points = useMemo(() => scalingPointsOf(imported.view), [imported]);
  const summary = useMemo(() => summarizeScaling(points), [points]);
  const figure = useMemo(() => scalingFigure(points, summary), [points, summary]);
  const data = useMemo(() => ({ series: figure.series }), [figure]);
  const host = useChart((element) => createScalingChart(element, { minHeight: 240 }), data);
  return (
    <>
      <div className="pl-chart-host" ref={host} />
      <ScalingResults points={points} summary={summary} notes={figure.notes} exactRankText={figure.exactRankText} />
    </>
  );
}

/** Every drawn cell in a table: its grid values and headline results. */
function CellTable({ view }: { view: SweepView }) {
  return (
    <div className="pl-table-scroll">
      <table className="pl-table" data-testid="imported-sweep-table">
        <caption className="pl-visually-hidden">Cells of the imported sweep</caption>
        <thead>
          <tr>
            <th scope="col">cell</th>
            <th scope="col">values</th>
            <th scope="col">columns kept</th>
            <th scope="col">test error after fine-tune</th>
          </tr>
        </thead>
        <tbody>
          {view.cells.map((cell) => (
            <tr key={cell.index}>
              <th scope="row">{cell.index}</th>
              <td style={{ textAlign: 'left' }}>{cellText(Object.fromEntries(view.varying.map((key) => [key, cell.config[key]])))}</td>
              <td>{cell.raw.kept}</td>
              <td>{formatNumber(cell.raw.testError)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * "Import sweep JSON": reads a sweep.json (from the CLI's sweep or merge, or a lab download),
 * validates it with the one schema and draws it by the keys its grid varies.
 */
export function ImportSweepPanel() {
  const [imported, setImported] = useState<Imported | null>(null);
  const [error, setError] = useState<string | null>(null);

  const importText = (fileName: string, text: string) => {
    setError(null);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (reason) {
      setError(`${fileName} is not valid JSON (${reason instanceof Error ? reason.message : String(reason)}); choose a sweep.json written by PruneLab`);
      return;
    }
    const parsed = parseSweepFile(json);
    if (!parsed.ok) {
      setError(`${fileName} cannot be imported: ${parsed.error}`);
      return;
    }
    setImported({ fileName, file: parsed.file, grid: parsed.grid, view: sweepView(parsed.file, parsed.grid) });
  };

  const view = imported?.view;
  return (
    <section className="pl-panel pl-sweep" aria-label="Imported sweep">
      <h2>Imported sweep</h2>
      <p className="pl-panel-caption">
        Open a sweep.json from <code>npm run cli -- sweep</code> or <code>merge</code> (see docs/cluster.md), or one downloaded here. It is drawn by
        the keys its grid varies: n gives the generalization view, λ and β a phase diagram, λ alone a λ sweep.
      </p>
      <div className="pl-panel-toolbar">
        <FileImportButton
          label="Import sweep JSON"
          inputLabel="Sweep file to import"
          maxBytes={MAX_SWEEP_BYTES}
          kind="sweep files"
          onText={importText}
          onUnreadable={(fileName, reason) => setError(`${fileName} cannot be imported: ${reason}`)}
        />
      </div>
      {error ? (
        <p className="pl-alert" role="alert">
          {error}
        </p>
      ) : null}
      {imported && view ? (
        <>
          <p className="pl-status" role="status" data-testid="imported-sweep-summary">
            {imported.fileName}: {view.cells.length + view.errors.length} of {imported.file.cellCount} cells
            {imported.file.shard ? ` (shard ${imported.file.shard.index}/${imported.file.shard.count})` : ''}, varying{' '}
            {view.varying.join(' × ') || 'nothing'}; drawn as {VIEW_NAMES[view.kind]}.{view.note ? ` ${view.note}.` : ''}
          </p>
          <details className="pl-group">
            <summary>Settings</summary>
            <p className="pl-panel-caption">Every cell: {describeProblem(imported.file.config)}; the grid overrides {imported.grid.keys.join(', ')}.</p>
          </details>
          {view.kind === 'phase' ? <PhaseView key={imported.fileName + imported.file.cellCount} imported={imported} /> : null}
          {view.kind === 'lambda' ? <LambdaView key={imported.fileName + imported.file.cellCount} imported={imported} /> : null}
          {view.kind === 'scaling' ? <ScalingView key={imported.fileName + imported.file.cellCount} imported={imported} /> : null}
          <CellTable view={view} />
          {view.errors.length ? (
            <div className="pl-alert" role="alert">
              <ul>
                {view.errors.map((e) => (
                  <li key={e.index}>
                    {cellText(e.values)}: {e.error}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
