import type { Page } from '@playwright/test';
import { expect, LabPage, recordPageErrors, test } from './fixtures';

/** Phase-1 steps of the shared run: short, and a fixed number so both pages stop at the same step. */
const SHARED_STEPS = 600;

/** Types a value into a schema field and applies it with Enter. */
async function setField(page: Page, label: string, value: string): Promise<void> {
  const field = page.getByLabel(label, { exact: true });
  await field.fill(value);
  await field.press('Enter');
  await expect(field).toHaveValue(value);
}

/** Trains the page's run to the end of its phase-1 budget and returns the numbers it shows. */
async function trainToBudget(lab: LabPage) {
  await lab.button('Train').click();
  const done = await lab.waitForState(`${SHARED_STEPS} steps`, (s) => s.status === 'done' && s.step === SHARED_STEPS);
  const lane = await lab.lane('regularized');
  return { step: done.step, aboveTau: done.aboveTau, loss: lane.loss, testError: lane.testError, columnNorms: lane.columnNorms };
}

test('Copy link gives the page address, and a new page opened on it reproduces the run exactly', async ({ lab, page, context, pageErrors }) => {
  await lab.open();
  await page.getByText('Advanced', { exact: true }).click();
  await setField(page, 'phase-1 steps', String(SHARED_STEPS));
  await setField(page, 'λ (regularization)', '0.04');
  await setField(page, 'n (measurements)', '1000');
  await expect(page).toHaveURL(/[?&]steps=600(&|$)/);
  await expect(page).toHaveURL(/[?&]lambda=0\.04(&|$)/);
  await expect(page).toHaveURL(/[?&]n=1000(&|$)/);
  const original = await trainToBudget(lab);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await lab.button('Copy link').click();
  await expect(lab.region('Share and save').getByText('Link copied', { exact: true })).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(page.url());

  const reopened = await context.newPage();
  recordPageErrors(reopened, pageErrors, 'reopened page');
  await reopened.goto(link);
  const reopenedLab = new LabPage(reopened);
  await reopenedLab.waitForState('the shared run to be built', (s) => s.status !== 'loading');
  await expect(reopened.getByRole('status').filter({ hasText: 'The link was corrected' })).toHaveCount(0);
  await expect(reopened.getByLabel('phase-1 steps', { exact: true })).toHaveValue(String(SHARED_STEPS));
  const repeated = await trainToBudget(reopenedLab);

  // Same seeds, same data, same arithmetic: the numbers agree exactly, not just closely.
  expect(repeated).toEqual(original);
  await expect(reopenedLab.readout).toHaveText((await lab.readout.textContent()) ?? '');
  console.log(`shared link ${new URL(link).search}: step ${original.step}, loss ${original.loss}, test error ${original.testError}`);
});
