// The two commands that train both arms side by side: `compare` (any configuration, any
// loaded problem) and `figure1` (the paper's Figure 1 preset), with their table, CSV and figures.
import type { RunConfig } from '../core/config';
import { jsBackend } from '../core/kernels/jsBackend';
import type { KernelBackend } from '../core/kernels/types';
import { HALF_MAX } from '../core/metrics';
import { runComparison, type Comparison, type ComparisonArm } from '../core/run';
import { toCsv } from '../core/csv';
import { encodeRunFile, runFileFromResult } from '../core/runFile';
import { figure1Config, type CliOptions } from './args';
import { OutputDir, divergenceText, jsonText, overridesOf, settlingNote, sigma1Of, withProgress, type CliIo, type CommandInputs } from './commands';
import { fractionCsv, fractionSvg, histogramCsv, histogramSvg, num, settingsText, type NormSet } from './figures';
import { DivergedError, InputError } from './errors';
import { loadInputs } from './inputs';
import { defaultCliThreads, kernelsText, withKernels } from './kernels';

const COMPARE_JSON_FORMAT = 'prunelab-cli-compare';
/** Version 2: each arm's `result` is a run file document (the run.json format). */
const COMPARE_JSON_VERSION = 2;

interface ComparisonRow {
  metric: string;
  key: keyof Omit<ComparisonArm, 'result' | 'lambda'>;
}

const COMPARISON_ROWS: ComparisonRow[] = [
  { metric: 'columns ≥ τ after phase 1', key: 'columnsAboveTau' },
  { metric: `fraction of columns ≥ ${HALF_MAX}·max`, key: 'fractionAtHalfMax' },
  { metric: 'test error before pruning', key: 'testErrorBeforePruning' },
  { metric: 'test error after pruning', key: 'testErrorAfterPruning' },
  { metric: 'test error after prune + fine-tune', key: 'testErrorAfterFineTune' },
  { metric: 'test error keeping the r largest + fine-tune', key: 'testErrorLargestColumnsFineTuned' },
];

function armLabel(arm: ComparisonArm): string {
  return `λ = ${num(arm.lambda)}`;
}

/** The side-by-side table printed by `compare`. */
function comparisonTable(comparison: Comparison): string {
  const arms = [comparison.regularized, comparison.unregularized];
  const header = ['', ...arms.map(armLabel)];
  const rows = COMPARISON_ROWS.map((row) => [row.metric, ...arms.map((arm) => num(arm[row.key] as number | null))]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('   ');
  return [line(header), ...rows.map(line)].join('\n');
}

function comparisonCsv(comparison: Comparison): string {
  const arms = [comparison.regularized, comparison.unregularized];
  return toCsv([
    ['metric', ...arms.map(armLabel)],
    ...COMPARISON_ROWS.map((row) => [row.key, ...arms.map((arm) => arm[row.key] as number | null)]),
  ]);
}

function armNorms(comparison: Comparison): NormSet[] {
  return [comparison.regularized, comparison.unregularized].map((arm) => ({
    id: arm.lambda > 0 ? 'regularized' : 'unregularized',
    label: `${armLabel(arm)} (${arm.lambda > 0 ? 'group Lasso' : 'no penalty'})`,
    norms: arm.result.phase1.final.columnNorms,
  }));
}

/** Subtitle of the comparison figures: the regularized run's settings. */
function comparisonSubtitle(comparison: Comparison): string {
  return `${settingsText(comparison.regularized.result)}; compared with λ = 0`;
}

/** The arms' settling notes under the comparison table, one line each (empty when both settled). */
function comparisonSettling(comparison: Comparison): string {
  const notes = [comparison.regularized, comparison.unregularized].flatMap((arm) => {
    const note = settlingNote(arm.result, 'train longer (more steps)');
    return note ? [`${armLabel(arm)}: ${note}`] : [];
  });
  return notes.map((note) => `${note}\n`).join('');
}

/** `compare`: the same problem and U₀ with and without the penalty. */
export function compareCommand(options: CliOptions, io: CliIo): Promise<Comparison> {
  const { config, loaded } = loadInputs(options);
  if (config.lambda === 0) throw new InputError('compare needs lambda > 0 in the configuration: it sets lambda to 0 for the second run itself');
  const out = new OutputDir(options.out, ['compare.json', 'compare.csv', 'fraction.svg', 'histogram.svg']);
  return withKernels(config.kernel, options.threads ?? defaultCliThreads(config, loaded), (backend) => compareOutputs(options, io, { config, loaded, out, backend }));
}

function compareOutputs(options: CliOptions, io: CliIo, { config, loaded, out, backend }: CommandInputs): Comparison {
  const { options: pipeline, reporter } = withProgress(io, config, ['regularized', 'unregularized'], { ...overridesOf(loaded), backend });
  const comparison = runComparison(config, pipeline);
  reporter.finish();

  const problemFile = options.problem ?? null;
  const armDocument = (arm: ComparisonArm) => ({ ...arm, result: encodeRunFile(runFileFromResult(arm.result, { problemFile })) });
  out.write(
    'compare.json',
    jsonText({ format: COMPARE_JSON_FORMAT, formatVersion: COMPARE_JSON_VERSION, problemFile, tau: comparison.tau, regularized: armDocument(comparison.regularized), unregularized: armDocument(comparison.unregularized) }),
  );
  out.write('compare.csv', comparisonCsv(comparison));
  const sets = armNorms(comparison);
  out.write('fraction.svg', fractionSvg(sets, comparison.tau, comparisonSubtitle(comparison)));
  out.write('histogram.svg', histogramSvg(sets, comparison.tau, comparisonSubtitle(comparison)));

  io.stdout(
    `PruneLab compare: ${settingsText(comparison.regularized.result)}; ${kernelsText(comparison.regularized.result.kernel, backend, config.kernel)}; both pruned at τ = ${num(comparison.tau)}\n\n` +
      `${comparisonTable(comparison)}\n${comparisonSettling(comparison)}\nwrote ${out.written.join(', ')}\n`,
  );
  const diverged = [comparison.regularized, comparison.unregularized]
    .map((arm) => divergenceText(arm.result, sigma1Of(config, loaded))?.replace(/^/, `${armLabel(arm)}: `))
    .filter((text): text is string => !!text);
  if (diverged.length) throw new DivergedError(diverged.join('; '));
  return comparison;
}

/** `figure1`: the paper's Figure 1 setting, both runs; fraction curve and histogram as SVG and CSV. */
export function figure1Command(options: CliOptions, io: CliIo): Promise<Comparison> {
  const config = figure1Config(options);
  return withKernels(config.kernel, options.threads ?? defaultCliThreads(config), (backend) => figure1Outputs(config, options.out, io, backend));
}

/** figure1's work for any configuration: both runs, then the figures and tables into `outDir`. */
export function figure1Outputs(config: RunConfig, outDir: string, io: CliIo, backend: KernelBackend = jsBackend): Comparison {
  const out = new OutputDir(outDir, ['fraction.svg', 'fraction.csv', 'histogram.svg', 'histogram.csv']);
  const { options: pipeline, reporter } = withProgress(io, config, ['regularized', 'unregularized'], { backend });
  const comparison = runComparison(config, pipeline);
  reporter.finish();

  const sets = armNorms(comparison);
  out.write('fraction.svg', fractionSvg(sets, comparison.tau, comparisonSubtitle(comparison)));
  out.write('fraction.csv', fractionCsv(sets));
  out.write('histogram.svg', histogramSvg(sets, comparison.tau, comparisonSubtitle(comparison)));
  out.write('histogram.csv', histogramCsv(sets, comparison.tau));
  const arms = [comparison.regularized, comparison.unregularized];
  const summary = arms.flatMap((arm) => {
    const note = settlingNote(arm.result, `train longer (--steps more than ${config.steps})`);
    return [
      `${armLabel(arm)}: ${arm.columnsAboveTau} of ${config.k} columns ≥ τ = ${num(comparison.tau)}, ${num(100 * arm.fractionAtHalfMax, 3)}% of columns ≥ ${HALF_MAX}·max`,
      ...(note ? [`  ${note}`] : []),
    ];
  });
  io.stdout(`PruneLab figure1: ${settingsText(comparison.regularized.result)}; ${kernelsText(comparison.regularized.result.kernel, backend, config.kernel)}\n${summary.join('\n')}\nwrote ${out.written.join(', ')}\n`);
  const diverged = arms.map((arm) => divergenceText(arm.result, sigma1Of(config, null))).filter((text): text is string => !!text);
  if (diverged.length) throw new DivergedError(diverged.join('; '));
  return comparison;
}
