import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { DESKTOP_VIEWPORT, expect, MOBILE_VIEWPORT, test } from './fixtures';

/** Serious and critical violations of an axe scan of the whole page, as readable lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.impact} ${violation.id}: ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

test('desktop: no serious axe violations before training, after a compared run is pruned and fine-tuned, in the help and on the sweep tab', async ({ lab, page }) => {
  await page.setViewportSize(DESKTOP_VIEWPORT);
  await lab.open();
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('checkbox', { name: 'Compare with unregularized training (λ = 0)' }).check();
  await lab.trainToExactRank();
  await lab.waitForPhaseDone('train');
  await lab.pruneAndFineTune();
  expect(await seriousViolations(page)).toEqual([]);

  await lab.button('Keyboard shortcuts').click();
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  await page.getByRole('tab', { name: 'Sweep', exact: true }).click();
  await expect(lab.region('Phase diagram')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('mobile: no serious axe violations before and after training', async ({ lab, page }) => {
  await page.setViewportSize(MOBILE_VIEWPORT);
  await lab.open();
  expect(await seriousViolations(page)).toEqual([]);

  await lab.trainToExactRank();
  await lab.waitForPhaseDone('train');
  expect(await seriousViolations(page)).toEqual([]);
});
