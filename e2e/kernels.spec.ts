// The WebAssembly kernels in the built app: threads when the page is cross-origin isolated,
// the same bits as the CLI in Node (float64 and the float32 fast mode), and one thread, said
// so, when it is not isolated.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, type LabPage } from './fixtures';

/** A population run small enough for seconds of training, large enough to split across threads. */
const CONFIG = { model: 'population', d: 48, k: 40, r: 3, steps: 120, checkpointEvery: 10 };
const QUERY = new URLSearchParams(Object.entries(CONFIG).map(([key, value]) => [key, String(value)])).toString();
const root = path.resolve(import.meta.dirname, '..');

/** SHA-256 of U's doubles, as they are written in a run file. */
const hashOf = (U: unknown[]): string => createHash('sha256').update(JSON.stringify(U)).digest('hex');

async function exportRunFile(lab: LabPage, page: Page): Promise<{ config: Record<string, unknown>; kernel: Record<string, unknown>; phase1: { U: unknown[] } }> {
  await page.locator('details.pl-export-menu > summary').click();
  const [download] = await Promise.all([page.waitForEvent('download'), lab.button('Export run JSON').click()]);
  return JSON.parse(readFileSync(await download.path(), 'utf8'));
}

/** What the readout and the CLI call each kernel choice, and what the run file records. */
const KERNELS = [
  { kernel: 'wasm', precision: 'f64', label: 'wasm f64' },
  // float32 fuses multiply-add where relaxed SIMD validates: Chromium and the CLI both do here.
  { kernel: 'wasm-f32', precision: 'f32', label: 'wasm float32 (fast)' },
] as const;

for (const { kernel, precision, label } of KERNELS) {
  test(`cross-origin isolated, the lab trains on ${label} on two threads, bit for bit as the CLI in Node on one`, async ({ lab, page }) => {
    await lab.open(`${QUERY}&kernel=${kernel}`);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await expect(page.getByTestId('kernel-readout')).toContainText(`${label} · 2 threads`);
    await lab.button('Train').click();
    await lab.waitForPhaseDone('train');
    const run = await exportRunFile(lab, page);
    expect(run.kernel).toEqual({ name: 'wasm', precision, threads: 2 });

    const dir = mkdtempSync(path.join(os.tmpdir(), 'prunelab-e2e-'));
    try {
      writeFileSync(path.join(dir, 'cfg.json'), JSON.stringify(run.config));
      const stdout = execFileSync(process.execPath, [path.join(root, 'bin/prunelab.mjs'), 'run', '--config', path.join(dir, 'cfg.json'), '--out', dir, '--threads', '1'], { encoding: 'utf8' });
      expect(stdout).toContain(`${label} · 1 thread`);
      const cli = JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8'));
      expect(cli.kernel).toEqual({ name: 'wasm', precision, threads: 1 });
      expect(hashOf(run.phase1.U)).toBe(hashOf(cli.phase1.U));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('without cross-origin isolation the lab trains on one thread and says why', async ({ lab, page }) => {
  // The same server, its isolation headers dropped on the way to the page.
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers['cross-origin-opener-policy'];
    delete headers['cross-origin-embedder-policy'];
    await route.fulfill({ response, headers });
  });
  await lab.open(`${QUERY}&kernel=wasm`);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  const readout = page.getByTestId('kernel-readout');
  await expect(readout).toContainText('wasm f64 · 1 thread');
  await expect(readout).toContainText('not cross-origin isolated');
  await lab.button('Train').click();
  const done = await lab.waitForPhaseDone('train');
  expect(done.step).toBe(CONFIG.steps);
});
