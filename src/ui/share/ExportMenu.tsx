import { useState } from 'react';
import { toPngBlob, toSvgString } from '../../charts/export';
import type { FigureHeading } from '../../charts/figureSvg';
import type { RunConfig } from '../../core/config';
import type { KernelInfo } from '../../core/kernels/types';
import { historyToCsv, serializeRunFile, type RunFile } from '../../core/runFile';
import { settingsText } from '../../core/settingsText';
import type { HistoryEntry, Phase } from '../../core/types';
import { downloadBlob, fileStem } from './download';

/** A chart the menu can export: its label and where its rendered element is. */
export interface ChartTarget {
  label: string;
  /** The chart's container (or svg/canvas); null when it is not on the page. */
  element: () => Element | null;
}

export interface ChartExporters {
  svg: (element: Element, heading: FigureHeading) => string;
  png: (element: Element, heading: FigureHeading) => Promise<Blob>;
}

export interface ExportMenuProps {
  /** The configuration shown, for file names. */
  config: RunConfig;
  /** The kernels the current run computes on (null before one is built), for chart headings. */
  kernel: KernelInfo | null;
  /** The run to export; may be asynchronous (e.g. asked from the worker). Reject with a message to show it. */
  getRunFile: () => RunFile | Promise<RunFile>;
  /** Histories for the CSV; when absent (or it returns undefined), the run file's. */
  getHistory?: () => Partial<Record<Phase, readonly HistoryEntry[]>> | undefined;
  charts?: ChartTarget[];
  /** Chart serializers; src/charts/export.ts by default. */
  exporters?: ChartExporters;
  disabled?: boolean;
}

const DEFAULT_EXPORTERS: ChartExporters = { svg: (element, heading) => toSvgString(element, { heading }), png: (element, heading) => toPngBlob(element, { heading }) };

/** The heading an exported chart carries (a file has no panel title around it), from the configuration shown and the kernels that ran it. */
export function exportHeading(label: string, config: RunConfig, kernel: KernelInfo | null): FigureHeading {
  return { title: `PruneLab · ${label}`, lines: [`${settingsText(config, kernel)}; seed ${config.seed}`] };
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The "Export" menu: the run as JSON (config, seeds, histories, U; importing it reproduces
 * the run), the histories as CSV, and each chart as SVG or PNG.
 */
export function ExportMenu({ config, kernel, getRunFile, getHistory, charts = [], exporters = DEFAULT_EXPORTERS, disabled = false }: ExportMenuProps) {
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);

  const perform = async (action: string, produce: () => Promise<{ blob: Blob; fileName: string }>) => {
    setBusy(action);
    setError(null);
    setStatus('');
    try {
      const { blob, fileName } = await produce();
      downloadBlob(blob, fileName);
      setStatus(`Saved ${fileName} (${formatBytes(blob.size)}).`);
    } catch (failure) {
      setError(`${action} failed: ${messageOf(failure)}`);
    } finally {
      setBusy(null);
    }
  };

  const exportRun = () =>
    perform('Export run JSON', async () => {
      const run = await getRunFile();
      const stamped = run.exportedAt ? run : { ...run, exportedAt: new Date().toISOString() };
      return { blob: new Blob([serializeRunFile(stamped)], { type: 'application/json' }), fileName: `${fileStem(run.config)}.json` };
    });

  const exportCsv = () =>
    perform('Export history CSV', async () => {
      let history = getHistory?.();
      if (!history) {
        const run = await getRunFile();
        history = { train: run.phase1.history, finetune: run.finetune?.history ?? [] };
      }
      return { blob: new Blob([historyToCsv(history)], { type: 'text/csv' }), fileName: `${fileStem(config, 'history')}.csv` };
    });

  const exportChart = (chart: ChartTarget, format: 'svg' | 'png') =>
    perform(`Export ${chart.label} as ${format.toUpperCase()}`, async () => {
      const element = chart.element();
      if (!element) throw new Error(`the ${chart.label} chart is not shown; open its panel first`);
      const heading = exportHeading(chart.label, config, kernel);
      const blob = format === 'svg' ? new Blob([exporters.svg(element, heading)], { type: 'image/svg+xml' }) : await exporters.png(element, heading);
      return { blob, fileName: `${fileStem(config, chart.label)}.${format}` };
    });

  const isDisabled = disabled || busy !== null;
  return (
    <details className="pl-export-menu">
      <summary>Export</summary>
      <ul aria-busy={busy !== null}>
        <li>
          <button type="button" onClick={exportRun} disabled={isDisabled}>
            Export run JSON
          </button>
        </li>
        <li>
          <button type="button" onClick={exportCsv} disabled={isDisabled}>
            Export history CSV
          </button>
        </li>
        {charts.map((chart) => (
          <li key={chart.label}>
            <button type="button" onClick={() => exportChart(chart, 'svg')} disabled={isDisabled}>
              {chart.label} as SVG
            </button>
            <button type="button" onClick={() => exportChart(chart, 'png')} disabled={isDisabled}>
              {chart.label} as PNG
            </button>
          </li>
        ))}
      </ul>
      <p role="status" aria-live="polite" className="pl-status">
        {busy ? `${busy}…` : status}
      </p>
      {error ? (
        <p role="alert" className="pl-alert">
          {error}
        </p>
      ) : null}
    </details>
  );
}
