// What the charts show agrees with the state they show (issue 8, findings 1, 4 and 13).
import { expect, test } from './fixtures';
import { barBoxes, parseShownNumber } from './helpers';

/** The τ a column-norms chart's label shows: "τ = 0.141 = √(2β) [derived]" → 0.141. */
function labelTau(text: string | null): number {
  const match = /^τ = (\S+)/.exec(text ?? '');
  if (!match) throw new Error(`not a τ label: ${JSON.stringify(text)}`);
  return parseShownNumber(match[1]);
}

test('with the comparison on before training, both column-norm charts show the τ in use on their axes (finding 1)', async ({ lab }) => {
  await lab.open('compare=1');
  const { tau } = await lab.state();
  const labels = lab.region('Column norms').locator('.pl-tau-label');
  await expect(labels).toHaveCount(2);
  for (const label of await labels.all()) {
    expect(labelTau(await label.textContent())).toBeCloseTo(tau, 2);
  }
  // τ sits inside each plot, below its top, and the axis reaches it.
  for (const chart of await lab.region('Column norms').locator('.pl-column-norms').all()) {
    const lineY = Number(await chart.locator('.pl-tau-line').getAttribute('y1'));
    expect(lineY).toBeGreaterThan(0);
    const ticks = (await chart.locator('.pl-y-axis text').allTextContents()).map(parseShownNumber);
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(tau);
  }
});

test('dragging the τ line below the axis leaves a valid τ that the chart, the field and the store agree on (finding 4)', async ({ lab, page }) => {
  await lab.open();
  const chart = lab.region('Column norms');
  const handle = page.getByRole('slider', { name: 'Pruning threshold line', exact: true });
  const box = await handle.boundingBox();
  const plot = await chart.locator('.pl-x-axis').boundingBox();
  if (!box || !plot) throw new Error('the threshold handle or the axis is not visible');
  const x = box.x + box.width / 2;
  await page.mouse.move(x, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(x, plot.y + plot.height + 80, { steps: 12 });
  await page.mouse.up();

  const state = await lab.waitForState('τ to follow the drag to the bottom', (s) => s.tau < 0.01);
  expect(state.tau).toBeGreaterThan(0);
  expect(labelTau(await chart.locator('.pl-tau-label').textContent())).toBe(state.tau);
  await expect(page.getByRole('textbox', { name: 'τ value', exact: true })).toHaveValue(String(state.tau));
  await expect(page.locator('.pl-tau-control .pl-field-error')).toHaveCount(0);
});

test('the τ label covers no bar, and the empty training-curves axis has no fractional step tick (finding 13)', async ({ lab }) => {
  await lab.open();
  const curves = lab.region('Training curves');
  const steps = await curves.locator('.pl-x-axis text').allTextContents();
  expect(steps.filter((label) => /m$|\./.test(label))).toEqual([]);

  await lab.trainToExactRank();
  const chart = lab.region('Column norms');
  const label = await chart.locator('.pl-tau-label').boundingBox();
  if (!label) throw new Error('the τ label is not visible');
  const bars = await barBoxes(chart);
  expect(bars.length).toBeGreaterThan(0);
  const covered = bars.filter((bar) => bar.bottom > bar.top && bar.left < label.x + label.width && bar.right > label.x && bar.top < label.y + label.height && bar.bottom > label.y);
  expect(covered).toEqual([]);
});
