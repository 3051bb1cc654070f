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
