import { expect, test } from './fixtures';

/** Phase-1 steps of the saved run: short, and fixed so the re-run can repeat it exactly. */
const SAVED_STEPS = 600;
const RUN_NAME = 'e2e saved run';

test('a saved run survives a reload, opens into the lab and its re-run matches it bit for bit', async ({ lab, page }) => {
  await lab.open(`steps=${SAVED_STEPS}`);
  await lab.button('Train').click();
  await lab.waitForState(`${SAVED_STEPS} steps`, (s) => s.status === 'done' && s.step === SAVED_STEPS);

  const saved = lab.region('Saved runs');
  await saved.getByLabel('Run name', { exact: true }).fill(RUN_NAME);
  await saved.getByRole('button', { name: 'Save run', exact: true }).click();
  await expect(saved.getByRole('status')).toHaveText(`Saved "${RUN_NAME}".`);
  await expect(saved.getByRole('listitem').filter({ hasText: RUN_NAME })).toHaveCount(1);

  await page.reload();
  await lab.waitForState('the reloaded lab', (s) => s.status !== 'loading');
  const listed = lab.region('Saved runs').getByRole('listitem').filter({ hasText: RUN_NAME });
  await expect(listed).toHaveCount(1);
  await listed.getByRole('button', { name: `Open ${RUN_NAME}`, exact: true }).click();
  await expect(lab.region('Saved runs').getByRole('status')).toHaveText(new RegExp(`^Opened "${RUN_NAME}"\\.`));
  await expect(lab.region('Share and save').getByText(`press Train to repeat phase 1 (${SAVED_STEPS} steps)`)).toBeVisible();

  await lab.button('Train').click();
  await lab.waitForState(`the re-run's ${SAVED_STEPS} steps`, (s) => s.status === 'done' && s.step === SAVED_STEPS);
  await lab.button('Compare with the loaded run').click();
  await expect(lab.region('Share and save').getByText(/^The lab's run matches the loaded run bit for bit/)).toBeVisible();
});
