import { loadNodeBackend } from './cli/kernelBackend';
import { jsBackend } from './core/kernels/jsBackend';
import { generateProblem, initialU } from './core/problem';
import { DEFAULT_CONFIG } from './core/config';
import { resolveSeeds } from './core/rng';
const backends = { js: jsBackend, f64x1: await loadNodeBackend({ precision: 'f64', threads: 1 }), f64x2: await loadNodeBackend({ precision: 'f64', threads: 2 }), f32x1: await loadNodeBackend({ precision: 'f32', threads: 1 }), f32x2: await loadNodeBackend({ precision: 'f32', threads: 2 }) };
for (const d of [100, 500]) {
  const cfg = { ...DEFAULT_CONFIG, model: 'population' as const, d, k: d, r: 5 };
  const problem = generateProblem(cfg, resolveSeeds(cfg));
  const U = initialU(d, d, 0.5, 3); const g = new Float64Array(d * d);
  for (const [name, be] of Object.entries(backends)) {
    const op = be.createOperator(problem, 'auto', d);
    const seconds = d === 100 ? 1.5 : 4;
    const rates: number[] = [];
    for (let rep = 0; rep < 3; rep++) {
      let steps = 0; const t = performance.now();
      while (performance.now() - t < seconds * 1000 / 3) { op.valueAndGradient(U, d, g); steps++; }
      rates.push(steps / (performance.now() - t) * 1000);
    }
    rates.sort((a, b) => a - b);
    console.log(`pop d=k=${d} ${name}: ${rates[1].toFixed(1)} steps/s (${(rates[1] * op.flopsPerStep(d) / 1e9).toFixed(1)} GFLOP/s)`);
  }
}
for (const be of Object.values(backends)) be.dispose();
