// Measures the paper's Figure 1 scenario in real Chromium (not part of the test suite, whose
// results must not depend on timing): phase-1 time of both lanes, the frame rate while it
// trains and the longest main-thread task, for each kernel precision. Needs a build with
// `npx vite build` first; serves dist/ with `vite preview` (cross-origin isolated).
//
//   node scripts/measure-figure1.mjs [--port 4302] [--steps N] [--out report.json] [kernel …]
//
// Kernels default to "wasm" and "wasm-f32"; --steps shortens phase 1 for a quick look.
import { writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { preview } from 'vite';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const [value] = args.splice(i, 2).slice(1);
  return value;
};
const port = Number(option('port', process.env.PRUNELAB_E2E_PORT ?? 4302));
const steps = option('steps', null);
const out = option('out', null);
const kernels = args.length ? args : ['wasm', 'wasm-f32'];

const server = await preview({ preview: { port, strictPort: true, host: '127.0.0.1' }, logLevel: 'error' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

async function measure(kernel) {
  // A fresh context each: a page of the same context would find the previous run's saved state.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // The Figure 1 scenario card of that precision, as a reader would pick it.
  const preset = kernel === 'wasm-f32' ? 'figure1Fast' : 'figure1';
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => window.__prunelab && window.__prunelab.getState().status !== 'loading');
  await page.getByRole('navigation', { name: 'Scenarios' }).locator(`a[data-preset="${preset}"]`).click();
  if (steps !== null) {
    // The field sits in the folded "Advanced" group.
    const advanced = page.locator('details.pl-group', { has: page.locator('summary', { hasText: 'Advanced' }) });
    if (!(await advanced.getAttribute('open'))) await advanced.locator('summary').click();
    const field = page.getByLabel('phase-1 steps', { exact: true });
    await field.fill(String(steps));
    await field.press('Enter');
  }
  await page.waitForFunction(() => {
    const s = window.__prunelab.getState();
    return s.status === 'idle' && s.k === 500 && s.comparison;
  }, undefined, { timeout: 120_000 });
  // The readout and the cost line follow once the worker has prepared the scenario's problem.
  const precisionWord = kernel === 'wasm-f32' ? 'float32' : 'f64';
  await page.waitForFunction(
    (word) => document.querySelector('[data-testid="kernel-readout"]')?.textContent?.includes(word) && document.querySelector('[data-testid="run-cost"]')?.textContent?.includes('k = 500'),
    precisionWord,
    { timeout: 120_000 },
  );
  const kernelText = await page.getByTestId('kernel-readout').textContent();
  const costText = await page.getByTestId('run-cost').textContent();
  await page.evaluate(() => {
    const probe = { frames: 0, longestFrameMs: 0, longTasks: [], last: performance.now(), start: performance.now() };
    window.__figure1Probe = probe;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
    const tick = (now) => {
      probe.frames += 1;
      probe.longestFrameMs = Math.max(probe.longestFrameMs, now - probe.last);
      probe.last = now;
      if (!probe.stopped) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const started = Date.now();
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForFunction(() => {
    const s = window.__prunelab.getState();
    return s.phase === 'train' && s.status === 'done';
  }, undefined, { timeout: 30 * 60_000, polling: 250 });
  const seconds = (Date.now() - started) / 1000;
  const probe = await page.evaluate(() => {
    const p = window.__figure1Probe;
    p.stopped = true;
    return { frames: p.frames, elapsedMs: performance.now() - p.start, longestFrameMs: p.longestFrameMs, longTasks: p.longTasks };
  });
  const state = await page.evaluate(() => window.__prunelab.getState());
  await context.close();
  return {
    kernel,
    readout: kernelText,
    estimateBeforeTrain: costText,
    phase1Seconds: seconds,
    steps: state.step,
    aboveTau: { regularized: state.lanes.regularized?.aboveTau, unregularized: state.lanes.unregularized?.aboveTau, r: state.r },
    fps: (1000 * probe.frames) / probe.elapsedMs,
    longestFrameMs: probe.longestFrameMs,
    longTasksOver50ms: probe.longTasks.length,
    longestTaskMs: probe.longTasks.length ? Math.max(...probe.longTasks) : null,
    pageErrors: errors,
  };
}

const results = [];
try {
  for (const kernel of kernels) {
    const result = await measure(kernel);
    results.push(result);
    console.log(JSON.stringify(result));
  }
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}
if (out) writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), results }, null, 2)}\n`);
