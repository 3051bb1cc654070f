import { expect, test } from './fixtures';
import { barBoxes } from './helpers';

/** Orders of magnitude the fine-tuning loss gap must fall (issue 3: "by orders of magnitude"). */
const MIN_GAP_DECADES = 4;

test('train to exactly r columns, drag τ within the gap, prune, fine-tune at a linear rate', async ({ lab, page }) => {
  await lab.open();
  const { r } = await lab.trainToExactRank();
  // Let phase 1 use its budget so the bars stand still while the line is dragged.
  const trained = await lab.waitForPhaseDone('train');
  expect(trained.aboveTau).toBe(r);

  const norms = (await lab.lane('regularized')).columnNorms.slice().sort((a, b) => b - a);
  const [rthNorm, nextNorm] = [norms[r - 1], norms[r]];
  expect(rthNorm).toBeGreaterThan(trained.tau);
  expect(nextNorm).toBeLessThan(trained.tau);
  const sliderBefore = Number(await lab.tauSlider.inputValue());

  // Screen y of the r-th and (r+1)-th tallest bars' tops: halfway between them lies a τ in the gap.
  const chart = lab.region('Column norms');
  const barTops = (await barBoxes(chart)).map((bar) => bar.top).sort((a, b) => a - b);
  expect(barTops).toHaveLength(trained.k);
  const targetY = (barTops[r - 1] + barTops[r]) / 2;

  const handle = page.getByRole('slider', { name: 'Pruning threshold line', exact: true });
  const box = await handle.boundingBox();
  if (!box) throw new Error('the threshold handle is not visible');
  const x = box.x + box.width / 2;
  await page.mouse.move(x, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(x, targetY, { steps: 12 });
  await page.mouse.up();

  const dragged = await lab.waitForState('τ to follow the drag', (s) => Math.abs(s.tau - trained.tau) > 1e-9 * trained.tau);
  expect(dragged.tau).toBeGreaterThan(nextNorm);
  expect(dragged.tau).toBeLessThan(rthNorm);
  // The slider is log10 τ on a 0.01 grid, so it agrees with the dragged τ to that resolution.
  await expect.poll(async () => Math.abs(Number(await lab.tauSlider.inputValue()) - Math.log10(dragged.tau))).toBeLessThanOrEqual(0.01);
  expect(Number(await lab.tauSlider.inputValue())).not.toBe(sliderBefore);
  await expect(page.getByRole('textbox', { name: 'τ value', exact: true })).toHaveValue(String(Number(dragged.tau.toPrecision(4))));
  await lab.waitForState('still exactly r above the dragged τ', (s) => s.aboveTau === r && s.tau === dragged.tau);
  await expect(lab.readout).toHaveText(`${r} columns above τ (r = ${r})`);

  const finished = await lab.pruneAndFineTune();
  const lane = await lab.lane('regularized');
  expect(lane.k).toBe(r);
  expect(finished.rho).not.toBeNull();
  expect(finished.rho as number).toBeGreaterThan(0);
  expect(finished.rho as number).toBeLessThan(1);
  expect(lane.lossGapDecades as number).toBeGreaterThanOrEqual(MIN_GAP_DECADES);
  await expect(lab.fitSummary).toContainText(/fitted rate ρ = 0\.\d+ per step/);
  await expect(lab.fitSummary).toContainText(/loss gap fell \d+\.\d decades/);
  await expect(lab.region('Fine-tuning loss').locator('svg').first()).toBeVisible();
  console.log(`fine-tuning: ρ = ${finished.rho}, loss gap fell ${lane.lossGapDecades?.toFixed(1)} decades over ${lane.step} steps`);
});
