// The benchmark's tables, formatted from its measurements.
import type { RunConfig } from '../core/config';
import type { KernelInfo } from '../core/kernels/types';
import type { Ceiling } from './ceiling';
import type { WholeRunRow } from './wholeRun';

export interface Row {
  case: string;
  operator: string;
  /** kernelLabel of the backend, e.g. "wasm f64 · 2 threads". */
  kernel: string;
  info: KernelInfo;
  flopsPerStep: number;
  stepsPerSecond: number;
  gflops: number;
  /** Seconds to build the operator (the Gram fold's one-time cost; negligible otherwise). */
  buildSeconds: number;
  /** steps/s over the fastest numpy variant's (above 1: PruneLab is faster). */
  ratioToNumpy: number | null;
}

export interface NumpyRow {
  label: string;
  stepsPerSecond: number;
}

/** Runs of Figure 1: the regularized and the λ = 0 lane. */
const FIGURE1_LANES = 2;

const fixed = (value: number | null, digits: number): string => (value === null ? '—' : value.toFixed(digits));
const count = (value: number): string => (value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(3));
const duration = (s: number): string => (s < 120 ? `${s.toFixed(1)} s` : `${(s / 60).toFixed(1)} min`);

function aligned(header: string[], body: string[][], leftColumns: number): string {
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c < leftColumns ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** One line per case, operator and kernel, then that case's numpy variants. */
export function caseTable(rows: Row[], numpy: ReadonlyMap<string, NumpyRow[]>): string {
  const body: string[][] = [];
  for (const name of [...new Set(rows.map((r) => r.case))]) {
    const ofCase = rows.filter((r) => r.case === name);
    for (const operator of [...new Set(ofCase.map((r) => r.operator))]) {
      for (const r of ofCase.filter((row) => row.operator === operator)) {
        body.push([name, r.operator, r.kernel, count(r.stepsPerSecond), fixed(r.gflops, 2), r.ratioToNumpy === null ? '—' : `${r.ratioToNumpy.toFixed(2)}×`]);
      }
    }
    const flops = ofCase[0]?.flopsPerStep ?? 0;
    for (const n of numpy.get(name) ?? []) body.push([name, '', n.label, count(n.stepsPerSecond), fixed((flops * n.stepsPerSecond) / 1e9, 2), '']);
  }
  return aligned(['case', 'operator', 'kernel', 'steps/s', 'GFLOP/s', '×numpy'], blankRepeats(body), 3);
}

/** Shows each case name once, on its first row. */
function blankRepeats(body: string[][]): string[][] {
  let current = '';
  return body.map((row) => {
    if (row[0] === current) return ['', ...row.slice(1)];
    current = row[0];
    return row;
  });
}

/** Phase 1 of Figure 1 (both lanes) projected from each kernel's steps/s at its size. */
export function figure1Lines(rows: Row[], figure1: RunConfig, caseName: string): string[] {
  const steps = FIGURE1_LANES * figure1.steps;
  return [
    `Figure 1 projected (${FIGURE1_LANES} lanes × ${figure1.steps} phase-1 steps at d = k = ${figure1.d}):`,
    ...rows.filter((r) => r.case === caseName).map((r) => `  ${r.kernel.padEnd(32)} ${duration(steps / r.stepsPerSecond)}`),
  ];
}

/**
 * The register tile's ceiling, and the Figure 1 time no kernel of that precision can beat on
 * `threads` threads (phase 1 of both lanes at flopsPerStep each, every flop at the ceiling).
 */
export function ceilingLines(ceiling: Ceiling, threads: number, figure1: RunConfig, flopsPerStep: number): string[] {
  const flops = FIGURE1_LANES * figure1.steps * flopsPerStep;
  const bound = (gflops: number) => duration(flops / (threads * gflops * 1e9));
  return [
    `Register-tile ceiling (one thread, operands in L1): float64 ${ceiling.f64.toFixed(1)} GFLOP/s (plain multiply and add), float32 ${ceiling.f32.toFixed(1)} GFLOP/s (${ceiling.f32Fused ? 'fused multiply-add' : 'multiply and add'}).`,
    `Figure 1 phase 1 at that ceiling on ${threads} thread${threads === 1 ? '' : 's'}, nothing else counted: float64 ${bound(ceiling.f64)}, float32 ${bound(ceiling.f32)}.`,
  ];
}

export function wholeRunTable(rows: WholeRunRow[]): string {
  const body = rows.map((r) => [r.case, `${r.cliSeconds.toFixed(2)} s`, r.numpySeconds === null ? '—' : `${r.numpySeconds.toFixed(2)} s`, r.speedup === null ? '—' : `${r.speedup.toFixed(2)}×`]);
  return `Whole processes (prunelab run on its default threads, Node start-up included, against the plain numpy script doing the same steps; median):\n${aligned(['case', 'prunelab run', 'numpy script', 'numpy/prunelab'], body, 1)}`;
}
