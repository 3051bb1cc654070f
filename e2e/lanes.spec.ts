// The two lanes are named by the λ each trains with, and a scenario decides whether they run.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const COMPARE = 'Compare with unregularized training (λ = 0)';

/** Every lane heading and comparison-table header the page shows. */
const laneLabels = (page: Page): Promise<string[]> =>
  page.locator('.pl-lane h3, [data-testid="comparison-table"] thead th[class^="pl-lane-"]').allTextContents();

/** The labels, each panel naming the regularized lane first (the heatmap's pair only when U is small enough to stream). */
async function lanePairs(page: Page): Promise<string[][]> {
  const labels = await laneLabels(page);
  return Array.from({ length: labels.length / 2 }, (_, i) => labels.slice(2 * i, 2 * i + 2));
}

test('after Figure 1, "No regularization" turns the comparison off instead of calling a λ = 0 run regularized', async ({ lab, page }) => {
  await lab.open();
  const scenarios = page.getByRole('navigation', { name: 'Scenarios' });
  await scenarios.getByRole('link', { name: "The paper's Figure 1", exact: true }).click();
  await expect(page.getByRole('checkbox', { name: COMPARE })).toBeChecked();
  await lab.waitForState('both Figure 1 lanes', (s) => s.comparison && s.lanes.unregularized !== undefined);
  const figure1 = await lanePairs(page);
  // At least the column norms and the comparison table.
  expect(figure1.length).toBeGreaterThanOrEqual(2);
  for (const pair of figure1) expect(pair).toEqual(['Regularized (λ = 0.05)', 'Unregularized (λ = 0)']);

  await scenarios.getByRole('link', { name: 'No regularization', exact: true }).click();
  await lab.waitForState('the single λ = 0 lane', (s) => !s.comparison && s.lanes.unregularized === undefined);
  const compare = page.getByRole('checkbox', { name: COMPARE });
  await expect(compare).not.toBeChecked();
  // Nothing to compare with λ = 0: the switch says why it is off.
  await expect(compare).toBeDisabled();
  await expect(page.getByTestId('comparison-note')).toHaveText('λ is 0, so there is nothing to compare: set λ above 0 first.');
  await expect(page.getByText('Regularized (λ = 0)', { exact: true })).toHaveCount(0);
});

test('a link comparing at λ = 0 names both lanes unregularized and says they agree; a λ edit renames the lane', async ({ lab, page }) => {
  await lab.open('lambda=0&compare=1');
  await lab.waitForState('both lanes', (s) => s.comparison && s.lanes.unregularized !== undefined);
  // Column norms, comparison table and heatmap each name both lanes.
  expect(await laneLabels(page)).toEqual(Array(6).fill('Unregularized (λ = 0)'));
  await expect(page.getByTestId('comparison-note')).toContainText('both runs train the same model');

  const lambda = page.getByLabel('λ (regularization)', { exact: true });
  await lambda.fill('0.07');
  await lambda.press('Enter');
  await expect(page.getByTestId('comparison-note')).toHaveCount(0);
  await expect.poll(() => laneLabels(page)).toEqual(Array(3).fill(['Regularized (λ = 0.07)', 'Unregularized (λ = 0)']).flat());
  // The Figure 1 legends name the lanes the same way.
  await expect(lab.region('Distribution of column norms').locator('.pl-legend').first()).toContainText('regularized (λ = 0.07)');
});
