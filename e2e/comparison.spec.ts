import { expect, test } from './fixtures';
import { parseShownNumber, tableRow } from './helpers';

test('without regularization the norms spread out and pruning at the τ that keeps r destroys the model', async ({ lab, page }) => {
  await lab.open();
  await page.getByRole('checkbox', { name: 'Compare with unregularized training (λ = 0)' }).check();
  await lab.waitForState('both lanes', (s) => s.comparison && s.lanes.regularized !== undefined && s.lanes.unregularized !== undefined);
  const table = page.getByTestId('comparison-table');
  await expect(table).toBeVisible();

  const { r } = await lab.trainToExactRank();
  const trained = await lab.waitForPhaseDone('train');
  const regularized = await lab.lane('regularized');
  const unregularized = await lab.lane('unregularized');
  console.log(
    `fraction of columns ≥ 0.5·max: regularized ${regularized.fractionAboveHalfMax}, unregularized ${unregularized.fractionAboveHalfMax}`,
  );
  // With the penalty only the r true directions stay large; without it many columns do.
  expect(regularized.fractionAboveHalfMax).toBeLessThanOrEqual(r / trained.k);
  expect(unregularized.fractionAboveHalfMax).toBeGreaterThanOrEqual(3 * regularized.fractionAboveHalfMax);
  await expect
    .poll(() => tableRow(table, 'columns ≥ 0.5 · max norm'))
    .toEqual([`${Math.round(100 * regularized.fractionAboveHalfMax)}%`, `${Math.round(100 * unregularized.fractionAboveHalfMax)}%`]);

  await lab.button('Set τ to keep r columns in both runs').click();
  await expect(lab.region('Regularized vs unregularized')).toContainText(`keeps r = ${r} columns in both runs`);
  await lab.waitForState('exactly r above τ in both lanes', (s) => s.lanes.regularized?.aboveTau === r && s.lanes.unregularized?.aboveTau === r);
  await expect.poll(() => tableRow(table, 'columns above τ')).toEqual([String(r), String(r)]);

  await lab.button('Prune').click();
  await lab.waitForState('both lanes pruned', (s) => s.lanes.regularized?.phase === 'finetune' && s.lanes.unregularized?.phase === 'finetune');
  await expect.poll(() => tableRow(table, 'columns kept by pruning')).toEqual([String(r), String(r)]);
  // The table records the pruned models' error at fine-tuning step 0.
  await lab.button('Fine-tune').click();
  const pruned = await lab.waitForState(
    'test errors after pruning in both lanes',
    (s) => s.lanes.regularized?.testErrorAfterPrune != null && s.lanes.unregularized?.testErrorAfterPrune != null,
  );
  const regularizedAfter = pruned.lanes.regularized?.testErrorAfterPrune as number;
  const unregularizedAfter = pruned.lanes.unregularized?.testErrorAfterPrune as number;
  console.log(`test error after pruning at τ = ${pruned.tau}: regularized ${regularizedAfter}, unregularized ${unregularizedAfter}`);
  expect(unregularizedAfter).toBeGreaterThan(10 * regularizedAfter);
  await expect.poll(async () => (await tableRow(table, 'test error after pruning at τ')).includes('—')).toBe(false);
  const [regularizedCell, unregularizedCell] = await tableRow(table, 'test error after pruning at τ');
  // The table prints 3 significant digits of the same numbers.
  expect(Math.abs(parseShownNumber(regularizedCell) / regularizedAfter - 1)).toBeLessThan(0.01);
  expect(Math.abs(parseShownNumber(unregularizedCell) / unregularizedAfter - 1)).toBeLessThan(0.01);

  // Generalization on fresh measurements: the held-out rows show each lane's checkpoint values.
  const tuned = await lab.waitForPhaseDone('finetune');
  for (const [moment, key] of [['before pruning', 'heldOutBeforePrune'], ['after fine-tuning', 'heldOutAfterFineTune']] as const) {
    const header = page.getByRole('rowheader', { name: new RegExp(`^held-out loss \\(\\d[\\d\u202f]* fresh measurements\\) ${moment}$`) });
    const expected = [tuned.lanes.regularized?.[key], tuned.lanes.unregularized?.[key]];
    console.log(`held-out loss ${moment}: regularized ${expected[0]}, unregularized ${expected[1]}`);
    expect(expected.every((value) => typeof value === 'number' && value > 0)).toBe(true);
    // The table prints 3 significant digits of the same numbers.
    await expect
      .poll(async () => {
        const cells = await table.getByRole('row').filter({ has: header }).getByRole('cell').allTextContents();
        return cells.length === 2 && cells.every((cell, i) => cell !== '—' && Math.abs(parseShownNumber(cell) / (expected[i] as number) - 1) < 0.01);
      })
      .toBe(true);
  }
});

test('with too much regularization the comparison never claims pruning makes the unregularized model worse, and reports how both fine-tuned runs end', async ({ lab, page }) => {
  const caption = lab.region('Regularized vs unregularized');
  await lab.open('compare=1');
  await page.getByRole('navigation', { name: 'Scenarios' }).getByRole('link', { name: 'Too much regularization', exact: true }).click();
  await lab.waitForState('the scenario with both lanes', (s) => s.comparison && s.status === 'idle' && s.lanes.unregularized !== undefined);
  await lab.button('Train').click();
  const trained = await lab.waitForPhaseDone('train');
  // Every column stays stuck at 0 with this λ.
  expect(trained.aboveTau).toBe(0);
  await expect(caption).toContainText('the penalty does not help here, pruning leaves the regularized model no better than the unregularized one');
  await expect(caption).not.toContainText('times worse');

  // Prune at a τ just under the regularized run's r-th largest norm, so it keeps its r largest
  // (stuck, near-zero) columns and the unregularized run keeps at least as many.
  const { r } = trained;
  const norms = (await lab.lane('regularized')).columnNorms.slice().sort((a, b) => b - a);
  const tau = String(Number((norms[r - 1] * 0.999).toPrecision(4)));
  const tauField = page.getByLabel('τ value', { exact: true });
  await tauField.fill(tau);
  await tauField.press('Enter');
  await lab.waitForState('r columns of the regularized run above τ', (s) => s.tau === Number(tau) && s.aboveTau === r);
  await lab.button('Prune').click();
  await lab.waitForState('both lanes pruned', (s) => s.lanes.regularized?.phase === 'finetune' && s.lanes.unregularized?.phase === 'finetune');
  await lab.button('Fine-tune').click();
  const tuned = await lab.waitForPhaseDone('finetune');
  const withPenalty = tuned.lanes.regularized?.testErrorAfterFineTune as number;
  const without = tuned.lanes.unregularized?.testErrorAfterFineTune as number;
  console.log(`too much regularization, r = ${r}: test error after fine-tuning ${withPenalty} with the penalty, ${without} without`);
  // The last sentence says how the fine-tuned runs compare, from these numbers.
  const lastSentence =
    Math.max(withPenalty, without) < 2 * Math.min(withPenalty, without)
      ? 'After fine-tuning both runs end at a similar test error'
      : withPenalty < without
        ? 'the regularized run ends'
        : 'here the unregularized run ends';
  await expect(caption).toContainText(lastSentence);
  await expect(caption).not.toContainText('times worse');
});
