// Findings 5 and 10 of issue 8: what the page suggests or warns is true of the run as it is
// now — no "Prune now" while Prune is disabled, no "stuck at 0" while columns stand above τ.
import type { Page } from '@playwright/test';
import { PRESETS } from '../src/core/presets';
import { expect, LONG_RUN_QUERY, test } from './fixtures';

/** A short phase 1, so the budget is reached within seconds. */
const SHORT_STEPS = 100;

/** Types a value into a field and applies it with Enter. */
async function setField(page: Page, label: string, value: string): Promise<void> {
  const field = page.getByLabel(label, { exact: true });
  await field.fill(value);
  await field.press('Enter');
}

test('at the end of phase 1 the page suggests Prune only while Prune is enabled', async ({ lab, page }) => {
  // τ far above every column norm: pruning would keep nothing.
  await lab.open(`steps=${SHORT_STEPS}&tau=1000`);
  await lab.button('Train').click();
  await lab.waitForState('the phase-1 budget with no column above τ', (s) => s.status === 'done' && s.aboveTau === 0);
  await expect(lab.button('Prune')).toBeDisabled();
  const done = page.getByText(/^Reached the phase-1 budget of/);
  await expect(done).toHaveText(`Reached the phase-1 budget of ${SHORT_STEPS} steps with no column above τ = 1000, so pruning would keep nothing: lower τ, or raise “phase-1 steps” under Advanced.`);
  await expect(page.getByText(/Prune now/)).toHaveCount(0);

  // A τ below the columns enables Prune, and only then is it suggested.
  await setField(page, 'τ value', '1e-9');
  await lab.waitForState('every column above the lowered τ', (s) => s.aboveTau !== null && s.aboveTau > 0);
  await expect(lab.button('Prune')).toBeEnabled();
  await expect(done).toHaveText(`Reached the phase-1 budget of ${SHORT_STEPS} steps: Prune now, or raise “phase-1 steps” under Advanced.`);
});

test('raising λ past the learnability bound mid-run warns that the columns above τ will shrink back, not that they stay stuck', async ({ lab, page }) => {
  const stuckLambda = String(PRESETS.tooStrong.config.lambda);
  const warning = page.getByTestId('theory-warning-stuck');
  await lab.open(LONG_RUN_QUERY);
  await expect(warning).toHaveCount(0);
  const { r } = await lab.trainToExactRank();
  await lab.button('Pause').click();
  const paused = await lab.waitForState('the paused run', (s) => s.status === 'paused');
  expect(paused.aboveTau).toBe(r);

  await setField(page, 'λ (regularization)', stuckLambda);
  await expect(page.getByLabel('λ (regularization)', { exact: true })).toHaveValue(stuckLambda);
  await expect(warning).toContainText(`λ = ${stuckLambda} is at or above`);
  await expect(warning).toContainText(`the ${r} columns now above τ are expected to shrink back toward 0`);
  await expect(warning).not.toContainText('stuck');

  // Fine-tuning has no penalty: once pruned, λ no longer acts and nothing is warned.
  await lab.button('Prune').click();
  await lab.waitForPruned();
  await expect(warning).toHaveCount(0);

  // A fresh run with that λ has no column above τ yet: then every column does stay stuck.
  await lab.button('Reset').click();
  await lab.waitForState('the reset run', (s) => s.phase === 'train' && s.step === 0 && s.status === 'idle');
  await expect(warning).toContainText('every column will stay stuck at 0');
});
