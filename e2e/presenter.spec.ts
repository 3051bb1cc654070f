import type { Page } from '@playwright/test';
import { DESKTOP_VIEWPORT, expect, test } from './fixtures';

test.use({ viewport: DESKTOP_VIEWPORT });

/** Computed font sizes (px) of the readout, the status line and a column-norms tick label, and the τ line's stroke width. */
function measure(page: Page) {
  return page.evaluate(() => {
    const px = (selector: string, property: 'fontSize' | 'strokeWidth') => {
      const element = document.querySelector(selector);
      if (!element) throw new Error(`no ${selector}`);
      return parseFloat(getComputedStyle(element)[property]);
    };
    return {
      readout: px('[data-testid="above-tau-readout"]', 'fontSize'),
      status: px('[data-testid="status-line"]', 'fontSize'),
      tick: px('section[aria-label="Column norms"] svg .pl-y-axis text', 'fontSize'),
      tauLine: px('section[aria-label="Column norms"] svg .pl-tau-line', 'strokeWidth'),
    };
  });
}

test('presenter mode enlarges type and marks at least 1.4×, puts the column norms first and folds the secondary panels', async ({ lab, page }) => {
  await lab.open();
  await expect(page.locator('section[aria-label="Column norms"] svg .pl-y-axis text').first()).toBeVisible();
  const normal = await measure(page);
  await expect(lab.region('Training curves')).toBeVisible();

  const toggle = lab.button('Presenter mode');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => new URL(page.url()).searchParams.get('present')).toBe('1');
  const presented = await measure(page);
  for (const key of ['readout', 'status', 'tick', 'tauLine'] as const) {
    expect(presented[key] / normal[key], `${key}: ${normal[key]} → ${presented[key]}`).toBeGreaterThanOrEqual(1.4);
  }

  // The column norms span the page's width; the secondary panels are folded but one click away.
  const norms = await lab.region('Column norms').boundingBox();
  expect(norms?.width ?? 0).toBeGreaterThan(0.9 * (DESKTOP_VIEWPORT.width - 100));
  await expect(lab.region('Training curves')).toBeHidden();
  await expect(lab.region('Heatmap of U')).toBeHidden();
  await page.getByText('More charts: distribution, training curves, fine-tuning, heatmap').click();
  await expect(lab.region('Training curves')).toBeVisible();

  // The run works as usual, and leaving presenter mode restores the page.
  await lab.trainToExactRank();
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  expect(new URL(page.url()).searchParams.get('present')).toBeNull();
  expect((await measure(page)).readout).toBe(normal.readout);
});

test('?present=1 opens in presenter mode', async ({ lab, page }) => {
  await lab.open('present=1');
  await expect(lab.button('Presenter mode')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).toHaveClass(/pl-present/);
  await expect(lab.region('Column norms')).toBeVisible();
  await expect(lab.region('Distribution of column norms')).toBeHidden();
});
