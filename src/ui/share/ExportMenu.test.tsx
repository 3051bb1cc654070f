// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../../core/config';
import type { KernelInfo } from '../../core/kernels/types';
import { runPipeline } from '../../core/run';
import { parseRunFile, runFileFromResult, type RunFile } from '../../core/runFile';
import { settingsText } from '../../core/settingsText';
import { render, type Rendered } from '../testing';
import { ExportMenu, exportHeading, type ChartExporters } from './ExportMenu';
import { button, byRole, click, settle } from './testing';

const config: RunConfig = { ...DEFAULT_CONFIG, d: 4, k: 5, r: 1, n: 40, steps: 40, fineTuneSteps: 10, checkpointEvery: 10 };
const run: RunFile = runFileFromResult(runPipeline(config));

interface Download {
  fileName: string;
  blob: Blob;
}
let downloads: Download[] = [];
let mounted: Rendered | null = null;

beforeEach(() => {
  downloads = [];
  const blobs = new Map<string, Blob>();
  let next = 0;
  vi.stubGlobal('URL', Object.assign(Object.create(URL), {
    createObjectURL: (blob: Blob) => {
      const url = `blob:test/${next++}`;
      blobs.set(url, blob);
      return url;
    },
    revokeObjectURL: (url: string) => blobs.delete(url),
  }));
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push({ fileName: this.download, blob: blobs.get(this.getAttribute('href') ?? '') as Blob });
  });
});

afterEach(() => {
  mounted?.unmount();
  mounted = null;
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const status = (container: HTMLElement) => byRole(container, 'status')[0].textContent;
const alerts = (container: HTMLElement) => byRole(container, 'alert').map((a) => a.textContent);

describe('ExportMenu', () => {
  it('exports the run as JSON that imports back to the same numbers', async () => {
    mounted = render(<ExportMenu config={config} kernel={run.kernel} getRunFile={() => run} />);
    expect(mounted.container.querySelector('summary')?.textContent).toBe('Export');
    await click(button(mounted.container, 'Export run JSON'));
    await settle();
    expect(downloads.map((d) => d.fileName)).toEqual(['prunelab-empirical-d4-k5-seed1.json']);
    const parsed = parseRunFile(await downloads[0].blob.text());
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    expect(Array.from(parsed.run.phase1.U)).toEqual(Array.from(run.phase1.U));
    expect(parsed.run.exportedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(status(mounted.container)).toMatch(/^Saved prunelab-empirical-d4-k5-seed1\.json \(\d+(\.\d)? kB\)\.$/);
  });

  it('exports the histories as CSV, from the live history when given', async () => {
    const live = { train: [{ step: 0, loss: 1, gradNorm: 2 }], finetune: [] };
    mounted = render(<ExportMenu config={config} kernel={run.kernel} getRunFile={() => run} getHistory={() => live} />);
    await click(button(mounted.container, 'Export history CSV'));
    await settle();
    expect(downloads[0].fileName).toBe('prunelab-empirical-d4-k5-seed1-history.csv');
    expect(await downloads[0].blob.text()).toBe('phase,step,loss,objective,testError,relativeTestError,gradNorm,aboveTau,heldOutLoss\r\ntrain,0,1,,,,2,,\r\n');
  });

  it('exports the run file\'s histories as CSV otherwise', async () => {
    mounted = render(<ExportMenu config={config} kernel={run.kernel} getRunFile={async () => run} />);
    await click(button(mounted.container, 'Export history CSV'));
    await settle();
    const lines = (await downloads[0].blob.text()).trim().split('\r\n');
    expect(lines).toHaveLength(1 + run.phase1.history.length + (run.finetune?.history.length ?? 0));
    expect(lines[1].startsWith('train,0,')).toBe(true);
    expect(lines[lines.length - 1].startsWith('finetune,')).toBe(true);
  });

  it('exports each chart as SVG and PNG', async () => {
    const host = document.createElement('div');
    host.innerHTML = '<svg role="img" aria-label="Column norms" width="200" height="100"><rect width="10" height="20"></rect></svg>';
    document.body.append(host);
    const png = vi.fn(async () => new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' }));
    const exporters: ChartExporters = { svg: (element) => `<svg>${element.querySelectorAll('rect').length}</svg>`, png };
    mounted = render(<ExportMenu config={config} kernel={run.kernel} getRunFile={() => run} charts={[{ label: 'Column norms', element: () => host }]} exporters={exporters} />);
    await click(button(mounted.container, 'Column norms as SVG'));
    await settle();
    await click(button(mounted.container, 'Column norms as PNG'));
    await settle();
    expect(downloads.map((d) => d.fileName)).toEqual(['prunelab-empirical-d4-k5-seed1-column-norms.svg', 'prunelab-empirical-d4-k5-seed1-column-norms.png']);
    expect(await downloads[0].blob.text()).toBe('<svg>1</svg>');
    expect(downloads[0].blob.type).toBe('image/svg+xml');
    expect(png).toHaveBeenCalledWith(host, exportHeading('Column norms', config, run.kernel));
    host.remove();
  });

  it('uses the charts module to write a standalone SVG by default', async () => {
    const host = document.createElement('div');
    host.innerHTML = '<svg role="img" aria-label="Fine-tuning loss" width="120" height="80"><path d="M0,0L10,10"></path></svg>';
    document.body.append(host);
    mounted = render(<ExportMenu config={config} kernel={run.kernel} getRunFile={() => run} charts={[{ label: 'Fine-tuning loss', element: () => host }]} />);
    await click(button(mounted.container, 'Fine-tuning loss as SVG'));
    await settle();
    const text = await downloads[0].blob.text();
    expect(text).toContain('xmlns="http://www.w3.org/2000/svg"');
    // A file has no panel around it: the export carries a title and the settings it shows (finding 13).
    expect(text).toContain('<title>PruneLab · Fine-tuning loss</title>');
    expect(text).toContain(`${settingsText(config, run.kernel)}; seed ${config.seed}`);
    expect(text).toMatch(/<g transform="translate\(0,48\)">/);
    host.remove();
  });

  it('names float32 in a chart heading only when the run computed in float32, not when it asked for it', () => {
    const asked: RunConfig = { ...config, model: 'population', kernel: 'wasm-f32' };
    const line = (kernel: KernelInfo | null) => (exportHeading('Column norms', asked, kernel).lines ?? []).join('\n');
    expect(line({ name: 'wasm', precision: 'f32', threads: 2 })).toContain('float32 (fast)');
    for (const fellBack of [{ name: 'js', precision: 'f64', threads: 1 } as const, { name: 'wasm', precision: 'f64', threads: 1 } as const, null]) {
      expect(line(fellBack)).not.toMatch(/f32|float32/);
    }
  });

  it('says why an export failed, in an alert', async () => {
    mounted = render(
      <ExportMenu
        config={config}
        kernel={null}
        getRunFile={() => Promise.reject(new Error('the worker has no run yet; press Train first'))}
        charts={[{ label: 'Heatmap', element: () => null }]}
      />,
    );
    await click(button(mounted.container, 'Export run JSON'));
    await settle();
    expect(alerts(mounted.container)).toEqual(['Export run JSON failed: the worker has no run yet; press Train first']);
    await click(button(mounted.container, 'Heatmap as PNG'));
    await settle();
    expect(alerts(mounted.container)).toEqual(['Export Heatmap as PNG failed: the Heatmap chart is not shown; open its panel first']);
    expect(downloads).toEqual([]);
  });

  it('disables its buttons while an export runs', async () => {
    let finish: (value: RunFile) => void = () => undefined;
    mounted = render(<ExportMenu config={config} kernel={run.kernel} getRunFile={() => new Promise<RunFile>((resolve) => { finish = resolve; })} />);
    await click(button(mounted.container, 'Export run JSON'));
    expect(button(mounted.container, 'Export history CSV').disabled).toBe(true);
    expect(status(mounted.container)).toBe('Export run JSON…');
    finish(run);
    await settle();
    expect(button(mounted.container, 'Export history CSV').disabled).toBe(false);
  });
});
