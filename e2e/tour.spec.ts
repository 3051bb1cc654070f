import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const tourDialog = (page: Page) => page.getByRole('dialog').filter({ has: page.locator('#pl-tour-title') });
const tourText = (page: Page) => page.getByTestId('tour-text');
/** The accessible name of the panel a stop points at. */
const highlighted = (page: Page) => page.locator('section[data-tour-highlight]').getAttribute('aria-label');

test('the tour opens from its button, sets up each stop from the live run, and closes with Esc back to the button', async ({ lab, page }) => {
  await lab.open();
  const tourButton = lab.button('Tour');
  await tourButton.click();

  const dialog = tourDialog(page);
  await expect(dialog).toHaveAccessibleName('Without the penalty, the columns spread out');
  await expect(dialog.getByRole('heading', { name: 'Without the penalty, the columns spread out' })).toBeFocused();
  await expect(dialog).toContainText('Stop 1 of 7');
  expect(new URL(page.url()).hash).toBe('#tour=1');
  expect(await highlighted(page)).toBe('Column norms');
  // Stop 1 runs the scenario without the penalty; its text quotes the live run.
  await expect(tourText(page)).toContainText('λ = 0 fits');
  const spread = await lab.waitForState('the unregularized run at its end', (s) => s.status === 'done');
  await expect(tourText(page)).toContainText(`${spread.aboveTau} of ${spread.k} columns stand above τ`);

  await dialog.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(dialog).toContainText('Stop 2 of 7');
  expect(new URL(page.url()).hash).toBe('#tour=2');
  await expect(tourText(page)).toContainText('λ = 0.05');
  await expect(lab.readout).toHaveText(/columns? above τ/);
  // The text follows the run: once it settles, the count it quotes is the readout's.
  const settled = await lab.waitForState('the classroom run to finish', (s) => s.status === 'done' && s.lanes.regularized?.aboveTau === s.r);
  await expect(tourText(page)).toContainText(`${settled.aboveTau} of ${settled.k} columns stand above τ`);

  await dialog.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(dialog).toContainText('Stop 1 of 7');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(tourButton).toBeFocused();
  expect(new URL(page.url()).hash).toBe('');
  expect(await page.locator('section[data-tour-highlight]').count()).toBe(0);
});

test('a deep link opens the pruning stop, which trains, prunes and quotes the test errors; the next stop fine-tunes', async ({ lab, page }) => {
  await page.goto('./#tour=4');
  const dialog = tourDialog(page);
  await expect(dialog).toContainText('Stop 4 of 7');
  await expect(dialog).toHaveAccessibleName('Prune');
  expect(await highlighted(page)).toBe('Training curves');
  const pruned = await lab.waitForPruned();
  expect(pruned.k).toBe(pruned.r);
  await expect(tourText(page)).toContainText(`Pruning keeps the ${pruned.r} columns above τ`);
  await expect(tourText(page)).not.toContainText('—');

  await dialog.getByRole('button', { name: 'Next', exact: true }).click();
  expect(await highlighted(page)).toBe('Fine-tuning loss');
  const tuned = await lab.waitForPhaseDone('finetune');
  expect(tuned.rho).not.toBeNull();
  await expect(tourText(page)).toContainText('ρ = 0.');
});

test('with the classroom flags the tour skips the hidden Sweep tab and is driven by the keyboard alone', async ({ lab, page }) => {
  await lab.open('hide=controls,export,sweep');
  for (let presses = 0; presses < 20 && !(await lab.button('Tour').evaluate((button) => button === document.activeElement)); presses++) {
    await page.keyboard.press('Tab');
  }
  await expect(lab.button('Tour')).toBeFocused();
  await page.keyboard.press('Enter');
  const dialog = tourDialog(page);
  await expect(dialog).toContainText('Stop 1 of 6');
  // Screen readers hear each stop once, through a polite status region inside the dialog.
  await expect(dialog.getByRole('status')).toContainText('Stop 1 of 6: Without the penalty');
  const next = dialog.getByRole('button', { name: 'Next', exact: true });
  await next.focus();
  for (let stop = 2; stop <= 6; stop++) {
    await page.keyboard.press('Enter');
    await expect(dialog).toContainText(`Stop ${stop} of 6`);
  }
  await expect(dialog).toHaveAccessibleName('Too much λ learns nothing');
  await expect(next).toHaveAttribute('aria-disabled', 'true');
  await page.keyboard.press('Enter');
  await expect(dialog).toContainText('Stop 6 of 6');
  await expect(page.getByRole('tab')).toHaveCount(0);
  // Stop 5's finished run is still the state until stop 6 has loaded its scenario: wait for the
  // stop's own sentence, then for its run to end with every column below τ.
  await expect(tourText(page)).toContainText('every column stays stuck near 0');
  const stuck = await lab.waitForState('the too-strong run to finish with no column above τ', (s) => s.status === 'done' && s.aboveTau === 0);
  expect(stuck.step).toBeGreaterThan(0);
});

test('the last stop opens the Sweep tab on the phase diagram', async ({ page }) => {
  await page.goto('./#tour=7');
  const dialog = tourDialog(page);
  await expect(dialog).toHaveAccessibleName('The phase diagram');
  await expect(page.getByRole('tab', { name: 'Sweep' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('section[aria-label="Phase diagram"]')).toHaveAttribute('data-tour-highlight', '');
  await expect(tourText(page)).toContainText('λ < 0.');
  expect(new URL(page.url()).hash).toBe('#tour=7');
});
