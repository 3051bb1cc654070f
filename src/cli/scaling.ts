// `scaling`: the generalization experiment (core/scaling.ts) from the command line, every
// (n, seed) point run in turn; scaling.json with every point and the fitted slope, and
// scaling.svg on log-log axes.
import { figureSvg } from '../charts/figureSvg';
import { logLineFigure } from '../charts/logLineFigure';
import { SERIES_COLORS } from '../charts/theme';
import type { RunConfig } from '../core/config';
import { APP_VERSION } from '../core/runFile';
import {
  SCALING_SERIES,
  SCALING_SERIES_LABELS,
  runScalingPoint,
  scalingCells,
  scalingCsv,
  scalingDocument,
  scalingFigure,
  scalingRefusal,
  scalingSeeds,
  slopeText,
  summarizeScaling,
  validateScalingGrid,
  type ScalingPoint,
} from '../core/scaling';
import type { CliOptions } from './args';
import { OutputDir, progressOutput, type CliIo } from './commands';
import { num } from './figures';
import { InputError } from './errors';
import { loadInputs } from './inputs';
import { defaultCliThreads, kernelsText, withKernels } from './kernels';
import { ProgressReporter } from './progress';

/** Seeds per n when --seeds is not given. */
export const DEFAULT_SCALING_SEEDS = 3;

function subtitle(config: RunConfig, seeds: readonly number[]): string {
  return `${config.model}, d = ${config.d}, k = ${config.k}, r = ${config.r}, σ = ${num(config.noise)}; λ = ${num(config.lambda)}, β = ${num(config.beta)}, ${config.steps} + ${config.fineTuneSteps} steps; seeds ${seeds.join(', ')}`;
}

/** The figure of scaling.svg: geometric means with every seed's value as dots, the reference dashed. */
export function scalingSvg(config: RunConfig, seeds: readonly number[], points: readonly ScalingPoint[]): string {
  const figure = scalingFigure(points);
  const chart = logLineFigure(
    {
      series: figure.series.map((series, i) => ({
        id: `series-${i}`,
        label: series.label,
        x: series.x,
        y: series.y,
        color: SERIES_COLORS[i % SERIES_COLORS.length],
        dashed: series.dashed,
        markers: !series.dashed,
      })),
    },
    { width: 720, height: 420 },
    { description: 'Test error against the number of measurements n', xLabel: 'n (log scale)', yLabel: '‖VVᵀ − M*‖_F (log scale)', xScale: 'log', xName: 'n' },
  );
  return figureSvg(chart, {
    title: 'Test error ‖VVᵀ − M*‖_F against the number of measurements n',
    lines: [subtitle(config, seeds), ...figure.notes, figure.exactRankText],
  });
}

/** `scaling`: every (n, seed) point, the summary on stdout, scaling.json, scaling.csv and scaling.svg. */
export async function scalingCommand(options: CliOptions, io: CliIo): Promise<void> {
  const { config } = loadInputs(options);
  const refusal = scalingRefusal(config);
  if (refusal) throw new InputError(`${options.config ?? 'the default configuration'}: ${refusal}`);
  const ns = options.n ?? [];
  const seedCount = options.seeds ?? DEFAULT_SCALING_SEEDS;
  const errors = validateScalingGrid(config, ns, seedCount);
  if (errors.length) throw new InputError(`scaling: ${errors.join('; ')}`);
  const seeds = scalingSeeds(config.seed, seedCount);
  const out = new OutputDir(options.out, ['scaling.json', 'scaling.csv', 'scaling.svg']);

  const cells = scalingCells(ns, seeds);
  const perRun = config.steps + config.fineTuneSteps;
  // Each point trains two runs (with and without the penalty); the progress counts their steps.
  const perPoint = 2 * perRun;
  const reporter = new ProgressReporter(progressOutput(io), perPoint * cells.length);
  // The largest n costs the most per step (the direct operator's step grows with n).
  const threads = options.threads ?? defaultCliThreads({ ...config, n: Math.max(...ns) });
  const { points, kernels } = await withKernels(config.kernel, threads, (backend) => {
    const done: ScalingPoint[] = [];
    for (const [index, cell] of cells.entries()) {
      done.push(
        runScalingPoint(config, cell.n, cell.seed, {
          chunk: 250,
          overrides: { backend },
          onProgress: (p) => {
            const arm = p.label === 'unregularized' ? perRun : 0;
            const within = arm + (p.phase === 'finetune' ? config.steps : 0) + p.step;
            reporter.update(index * perPoint + within, `n = ${cell.n}, seed ${cell.seed} (${index + 1}/${cells.length}) ${p.label ?? ''}`);
          },
        }),
      );
    }
    return { points: done, kernels: kernelsText(done[0].kernel, backend, config.kernel) };
  });
  reporter.finish();

  const document = scalingDocument(config, ns, seeds, points, APP_VERSION);
  out.write('scaling.json', `${JSON.stringify(document, null, 2)}\n`);
  out.write('scaling.csv', scalingCsv(points));
  out.write('scaling.svg', scalingSvg(config, seeds, points));

  const summary = summarizeScaling(points);
  const header = ['n', 'exact r', ...SCALING_SERIES.map((s) => s), 'σ√(rd/n)'];
  const rows = summary.rows.map((row) => [
    String(row.n),
    `${Math.round(row.exactRankRate * row.runs)}/${row.runs}`,
    ...SCALING_SERIES.map((s) => num(row.geometricMean[s])),
    num(row.reference),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padStart(widths[c])).join('  ');
  io.stdout(
    [
      `PruneLab scaling: ${subtitle(config, seeds)}; ${kernels}`,
      `test errors are geometric means over seeds; ${SCALING_SERIES.map((s) => `${s}: ${SCALING_SERIES_LABELS[s]}`).join('; ')}`,
      '',
      line(header),
      ...rows.map(line),
      '',
      ...SCALING_SERIES.map((s) => `${s}: ${slopeText(summary.slopes[s])}`),
      `wrote ${out.written.join(', ')}`,
    ].join('\n') + '\n',
  );
}
