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

test('presenter mode enlarges type and marks at least 1.4×, puts the column norms and training curves first and folds the other panels', async ({ lab, page }) => {
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

  // The column norms and the training curves side by side; the other panels are folded but one click away.
  const norms = await lab.region('Column norms').boundingBox();
  const curves = await lab.region('Training curves').boundingBox();
  expect(curves?.x ?? 0).toBeGreaterThan((norms?.x ?? 0) + (norms?.width ?? 0) - 1);
  await expect(lab.region('Distribution of column norms')).toBeHidden();
  await expect(lab.region('Heatmap of U')).toBeHidden();
  await page.getByText('More charts: distribution, fine-tuning, heatmap').click();
  await expect(lab.region('Distribution of column norms')).toBeVisible();

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

/** How far the page scrolls, and which of `selectors` match nothing or something not wholly inside the first screen (1280×800). */
function firstScreen(page: Page, selectors: string[]) {
  return page.evaluate((wanted) => {
    const outside = wanted.filter((selector) => {
      const elements = [...document.querySelectorAll(selector)];
      return (
        elements.length === 0 ||
        elements.some((element) => {
          const box = element.getBoundingClientRect();
          return box.height === 0 || box.top < 0 || box.left < 0 || box.bottom > window.innerHeight || box.right > window.innerWidth;
        })
      );
    });
    return { scrollY: window.scrollY, horizontalOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth, outside };
  }, selectors);
}

test('at 1280×800 presenter mode shows the column norms with the τ line and the training curves without scrolling, before and while training', async ({ lab, page }) => {
  await lab.open('present=1');
  const main = [
    '[data-testid="above-tau-readout"]',
    'section[aria-label="Column norms"] svg',
    // The τ line's draggable handle (the line itself is a 0-px-high stroke).
    'section[aria-label="Column norms"] [aria-label="Pruning threshold line"]',
    'section[aria-label="Training curves"] svg',
  ];
  await expect(page.getByRole('slider', { name: 'Pruning threshold line', exact: true })).toBeVisible();
  expect(await firstScreen(page, main)).toEqual({ scrollY: 0, horizontalOverflow: 0, outside: [] });

  // With curves drawn and columns above τ, nothing the run adds pushes the charts off the screen.
  await lab.trainToExactRank();
  await expect(page.locator('section[aria-label="Training curves"] svg .pl-lines path').first()).toBeVisible();
  expect(await firstScreen(page, main)).toEqual({ scrollY: 0, horizontalOverflow: 0, outside: [] });
});

test('at 1280×800 presenter mode comparing with unregularized training shows both lanes’ column norms with their τ handles, the training curves and the readout without scrolling', async ({ lab, page }) => {
  await lab.open('present=1&compare=1');
  const main = [
    '[data-testid="above-tau-readout"]',
    '[data-testid="status-line"]',
    'section[aria-label="Column norms"] .pl-lane svg',
    'section[aria-label="Column norms"] [aria-label="Pruning threshold line"]',
    'section[aria-label="Training curves"] svg',
  ];
  const handles = page.getByRole('slider', { name: 'Pruning threshold line', exact: true });
  await expect(handles).toHaveCount(2);
  await expect(page.locator('section[aria-label="Column norms"] .pl-lane svg')).toHaveCount(2);
  expect(await firstScreen(page, main)).toEqual({ scrollY: 0, horizontalOverflow: 0, outside: [] });

  await lab.trainToExactRank();
  await expect(page.locator('section[aria-label="Training curves"] svg .pl-lines path').first()).toBeVisible();
  expect(await firstScreen(page, main)).toEqual({ scrollY: 0, horizontalOverflow: 0, outside: [] });
  // The lanes' charts stay wide enough to read their bars, and the curves get a chart of their own beside them.
  for (const box of await page.locator('section[aria-label="Column norms"] .pl-lane svg').evaluateAll((svgs) => svgs.map((svg) => svg.getBoundingClientRect().width))) {
    expect(box).toBeGreaterThanOrEqual(300);
  }
});
