import { expect, RUN_TIMEOUT, test } from './fixtures';

test('the rate comparison runs in its own worker of the built page and shows both rates, through a presenter-mode round trip', async ({ lab, page }) => {
  await lab.open('steps=600&fineTuneSteps=200');
  const panel = lab.region('Convergence rate');
  await panel.getByRole('button', { name: 'Compare rates', exact: true }).click();
  // Presenter mode folds the panel (React mounts it anew); the store's comparison goes on.
  await page.getByRole('button', { name: 'Presenter mode' }).click();
  await page.getByRole('button', { name: 'Presenter mode' }).click();
  const summary = lab.region('Convergence rate').getByTestId('rate-summary');
  await expect(summary).toContainText('Pruned (k = ', { timeout: RUN_TIMEOUT });
  await expect(summary).toContainText('Overparameterized (k = ');
  await expect(summary).toContainText('fitted ρ = 0.');
  await expect(lab.region('Convergence rate').getByRole('alert')).toHaveCount(0);
});
