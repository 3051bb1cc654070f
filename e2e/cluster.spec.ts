// Issue 9 §6–8 in the built app: every direction's learnability boundary on the phase
// diagram, the comparison row "keep the r largest columns and fine-tune", the
// generalization experiment in the Sweep tab, and importing a sweep.json from the CLI.
import { expect, test } from './fixtures';
import { parseShownNumber, tableRow } from './helpers';

/** A tiny empirical problem: a whole run takes a fraction of a second. */
const TINY = 'd=6&k=6&r=2&n=200&steps=400&fineTuneSteps=60&eta=0.05&fineTuneEta=0.05';

test('the phase diagram draws and labels every direction’s learnability boundary', async ({ lab, page }) => {
  await lab.open();
  await page.getByRole('tab', { name: 'Sweep', exact: true }).click();
  const panel = lab.region('Phase diagram');
  // The sweep's default problem has r = 4 directions σ* = 1 … 0.5.
  await expect(panel.locator('.pl-boundary')).toHaveCount(4);
  await expect(panel.locator('.pl-boundary-label')).toHaveText(['σ*₁ = 1', 'σ*₂ = 0.833', 'σ*₃ = 0.667', 'σ*₄ = 0.5']);
  const paths = await panel.locator('.pl-boundary').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('d')));
  expect(new Set(paths).size).toBe(4);
  await expect(panel.getByTestId('sweep-caption')).toContainText('one per direction [derived]: σ*₁ = 1, σ*₂ = 0.833, σ*₃ = 0.667, σ*₄ = 0.5');
});

test('the comparison table keeps the r largest columns and fine-tunes them, for both runs', async ({ lab, page }) => {
  await lab.open(TINY);
  await page.getByRole('checkbox', { name: 'Compare with unregularized training (λ = 0)' }).check();
  await lab.waitForState('both lanes', (s) => s.lanes.regularized !== undefined && s.lanes.unregularized !== undefined);
  const table = page.getByTestId('comparison-table');
  const label = 'test error keeping the 2 largest columns and fine-tuning';
  await expect.poll(() => tableRow(table, label)).toEqual(['—', '—']);
  await lab.button('Train').click();
  await lab.waitForPhaseDone('train');
  await lab.button('Prune').click();
  await lab.waitForPruned();
  await expect.poll(async () => (await tableRow(table, label)).every((text) => text !== '—')).toBe(true);
  const [regularized, unregularized] = (await tableRow(table, label)).map(parseShownNumber);
  expect(regularized).toBeGreaterThan(0);
  expect(unregularized).toBeGreaterThan(0);
});

test('the generalization experiment runs in the workers, fits a slope and exports CSV and SVG', async ({ lab, page }) => {
  await lab.open(TINY);
  await page.getByRole('tab', { name: 'Sweep', exact: true }).click();
  const panel = lab.region('Generalization against n');
  await panel.getByRole('button', { name: 'lab settings', exact: true }).click();
  await panel.getByLabel('n from').fill('100');
  await panel.getByLabel('n to').fill('400');
  await panel.getByLabel('n points').fill('3');
  await panel.getByLabel('seeds per n').fill('2');
  await expect(panel.getByText('n = 100, 200, 400 × 2 seeds: 6 points, each two runs')).toBeVisible();
  await panel.getByRole('button', { name: 'Run experiment', exact: true }).click();
  await expect(panel.getByTestId('scaling-status')).toHaveText(/^Finished 6 cells in/, { timeout: 120_000 });
  await expect(panel.getByTestId('scaling-slopes')).toContainText(/group Lasso, pruned at τ, fine-tuned: slope -?\d.*95% CI \[/);
  await expect(panel.getByTestId('scaling-exact')).toHaveText(/^exact r recovered: n = 100: \d\/2, n = 200: \d\/2, n = 400: \d\/2$/);
  await expect(panel.getByTestId('scaling-table').getByRole('row')).toHaveCount(4);
  await expect(panel.locator('.pl-scaling-marker').first()).toBeAttached();
  await expect(panel.locator('.pl-scaling-lines [data-series="reference"] path')).toHaveAttribute('d', /^M/);

  const csv = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Download scaling CSV' }).click();
  const csvText = await (await csv).createReadStream().then(async (stream) => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  });
  expect(csvText.trim().split('\n')).toHaveLength(7);
  const svg = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Download scaling SVG' }).click();
  expect((await svg).suggestedFilename()).toMatch(/scaling\.svg$/);
});

test('Import sweep JSON draws a CLI sweep by its keys and refuses a broken file', async ({ lab, page }) => {
  // A sweep.json as `npm run cli -- sweep` writes it (the CLI tests check that it does):
  // grid keys β then λ, the last varying fastest.
  const betas = [0.001, 0.01];
  const lambdas = [0.005, 0.05, 0.5];
  const classes = ['extra', 'exact', 'stuck'] as const;
  const cells = betas.flatMap((beta, row) =>
    lambdas.map((lambda, col) => ({
      index: row * lambdas.length + col,
      values: { beta, lambda },
      result: {
        kept: [4, 2, 0][col], testError: [0.02, 0.01, null][col], relativeTestError: null, classification: classes[col], tau: Math.sqrt(2 * beta),
        bias: 0.05, flippedColumns: 0, diverged: null, fineTuneDiverged: null, learnableDirections: [2, 2, 0][col], predictedBias: lambda,
      },
    })),
  );
  const text = JSON.stringify({
    format: 'prunelab-sweep', formatVersion: 2, appVersion: 'test', config: { model: 'population', d: 6, k: 6, r: 2 },
    grid: { beta: betas, lambda: lambdas }, cellCount: cells.length, shard: null, cells,
  });

  await lab.open();
  await page.getByRole('tab', { name: 'Sweep', exact: true }).click();
  const panel = lab.region('Imported sweep');
  const input = panel.getByLabel('Sweep file to import');
  await input.setInputFiles({ name: 'sweep.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(panel.getByTestId('imported-sweep-summary')).toHaveText('sweep.json: 6 of 6 cells, varying beta × lambda; drawn as a phase diagram (λ and β vary).');
  await expect(panel.locator('.pl-cells rect[data-outcome]:not([data-outcome="pending"])')).toHaveCount(6);
  await expect(panel.locator('.pl-boundary')).toHaveCount(2);
  await expect(panel.getByTestId('imported-sweep-table').getByRole('row')).toHaveCount(7);

  await input.setInputFiles({ name: 'old.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ format: 'prunelab-sweep', version: 1 })) });
  await expect(panel.getByRole('alert')).toHaveText(/old\.json cannot be imported: sweep file version 1 is not supported; this PruneLab reads version 2/);
});
