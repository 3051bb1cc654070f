// Measures the paper's Figure 1 scenario in real Chromium (not part of the test suite, whose
// results must not depend on timing): phase-1 time of both lanes, the frame rate while it
// trains and the longest main-thread task, for each kernel precision. Needs a build with
// `npx vite build` first; serves dist/ with `vite preview` (cross-origin isolated).
//
//   node scripts/measure-figure1.mjs [--port 4302] [--steps N] [--out report.json] [--profile prefix] [kernel …]
//
// Kernels default to "wasm" and "wasm-f32"; --steps shortens phase 1 for a quick look. Each
// long task is attributed through the long-animation-frame entries that overlap it (the
// scripts that ran in it: what invoked them, the function and source position, how long
// they ran and how long they forced style and layout). --profile writes a CPU profile of the
// main thread while it trains to <prefix>-<kernel>.cpuprofile, --trace a Chromium trace of the
// page's threads (style, layout, paint, tasks) to <prefix>-<kernel>.json (open either in the
// Performance panel; keep --steps small with --trace, traces grow fast).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
const profile = option('profile', null);
const trace = option('trace', null);
const kernels = args.length ? args : ['wasm', 'wasm-f32'];

const server = await preview({ preview: { port, strictPort: true, host: '127.0.0.1' }, logLevel: 'error' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

/**
 * CPU time (ms) the main thread of each Chromium renderer started by this script has used so
 * far, by process id: Linux only, from /proc (the main thread's id is the process id). On a
 * loaded machine wall-clock task lengths grow with the wait for a core; CPU time does not.
 */
function rendererMainThreadCpu() {
  const ticksPerMs = 100 / 1000;
  const processes = new Map();
  let entries;
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return new Map();
  }
  for (const pid of entries) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      processes.set(Number(pid), { parent: Number(fields[1]), renderer: cmdline.includes('--type=renderer') });
    } catch {
      // The process ended while being read.
    }
  }
  const ours = (pid) => {
    for (let at = pid; at > 1; at = processes.get(at)?.parent ?? 0) if (at === process.pid) return true;
    return false;
  };
  const cpu = new Map();
  for (const [pid, info] of processes) {
    if (!info.renderer || !ours(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) / ticksPerMs);
    } catch {
      // Gone.
    }
  }
  return cpu;
}

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
    probe.animationFrames = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask' });
    // Long animation frames (over 50 ms, render included) with the scripts that ran in them.
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        probe.animationFrames.push({
          start: entry.startTime,
          duration: entry.duration,
          blockingDuration: entry.blockingDuration,
          renderStart: entry.renderStart,
          styleAndLayoutStart: entry.styleAndLayoutStart,
          scripts: entry.scripts.map((script) => ({
            invoker: script.invoker,
            invokerType: script.invokerType,
            function: script.sourceFunctionName,
            source: `${script.sourceURL.split('/').pop()}:${script.sourceCharPosition}`,
            start: script.startTime,
            duration: script.duration,
            forcedStyleAndLayout: script.forcedStyleAndLayoutDuration,
          })),
        });
      }
    }).observe({ type: 'long-animation-frame' });
    const tick = (now) => {
      probe.frames += 1;
      probe.longestFrameMs = Math.max(probe.longestFrameMs, now - probe.last);
      probe.last = now;
      if (!probe.stopped) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const cdp = profile ? await context.newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  if (trace) {
    const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'v8.execute', 'toplevel'];
    await browser.startTracing(page, { path: `${trace}-${kernel}.json`, categories });
  }
  const cpuBefore = rendererMainThreadCpu();
  const framesBefore = await page.evaluate(() => window.__prunelab.framesDrawn);
  const started = Date.now();
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForFunction(() => {
    const s = window.__prunelab.getState();
    return s.phase === 'train' && s.status === 'done';
  }, undefined, { timeout: 30 * 60_000, polling: 250 });
  const seconds = (Date.now() - started) / 1000;
  const cpuAfter = rendererMainThreadCpu();
  // The page's renderer is the one whose main thread worked while it trained.
  const mainThreadCpuMs = Math.max(0, ...[...cpuAfter].map(([pid, ms]) => ms - (cpuBefore.get(pid) ?? ms)));
  if (trace) await browser.stopTracing();
  if (cdp) {
    const { profile: cpuProfile } = await cdp.send('Profiler.stop');
    writeFileSync(`${profile}-${kernel}.cpuprofile`, JSON.stringify(cpuProfile));
  }
  const probe = await page.evaluate(() => {
    const p = window.__figure1Probe;
    p.stopped = true;
    return { frames: p.frames, elapsedMs: performance.now() - p.start, longestFrameMs: p.longestFrameMs, longTasks: p.longTasks, animationFrames: p.animationFrames };
  });
  const overlaps = (task, frame) => frame.start < task.start + task.duration && task.start < frame.start + frame.duration;
  const longTasks = probe.longTasks.map((task) => ({
    ...task,
    frames: probe.animationFrames.filter((frame) => overlaps(task, frame)),
  }));
  const state = await page.evaluate(() => window.__prunelab.getState());
  const framesDrawn = (await page.evaluate(() => window.__prunelab.framesDrawn)) - framesBefore;
  await context.close();
  return {
    kernel,
    readout: kernelText,
    estimateBeforeTrain: costText,
    phase1Seconds: seconds,
    steps: state.step,
    aboveTau: { regularized: state.lanes.regularized?.aboveTau, unregularized: state.lanes.unregularized?.aboveTau, r: state.r },
    fps: (1000 * probe.frames) / probe.elapsedMs,
    mainThreadCpuSeconds: mainThreadCpuMs / 1000,
    labFramesDrawn: framesDrawn,
    longestFrameMs: probe.longestFrameMs,
    longTasksOver50ms: longTasks.length,
    longestTaskMs: longTasks.length ? Math.max(...longTasks.map((task) => task.duration)) : null,
    longTasks,
    longAnimationFrames: probe.animationFrames.length,
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
