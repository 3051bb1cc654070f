import type { Page } from '@playwright/test';
import { expect, MOBILE_VIEWPORT, test } from './fixtures';

test.use({ viewport: MOBILE_VIEWPORT, isMobile: true, hasTouch: true });

/** How far the document scrolls sideways (0 when it fits). */
const horizontalOverflow = (page: Page) => page.evaluate(() => (document.scrollingElement?.scrollWidth ?? 0) - window.innerWidth);

/** Height of every drawn chart, and the smallest font of its axis labels, on the shown tab. */
const chartSizes = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('section.pl-panel')]
      .filter((section) => section.getBoundingClientRect().height > 0)
      .flatMap((section) =>
        [...section.querySelectorAll('svg')]
          .filter((svg) => svg.querySelector('.pl-x-axis, .pl-y-axis') && svg.getBoundingClientRect().width > 0)
          .map((svg) => ({
            panel: section.getAttribute('aria-label'),
            height: svg.getBoundingClientRect().height,
            tickFont: Math.min(...[...svg.querySelectorAll('.pl-x-axis text, .pl-y-axis text')].map((t) => parseFloat(getComputedStyle(t).fontSize))),
            ticks: svg.querySelectorAll('.pl-y-axis .tick').length,
          })),
      ),
  );

test('on a 390×844 phone the column-norms chart starts on the first screen, controls folded into the run bar', async ({ lab, page }) => {
  await lab.open();
  const chart = lab.region('Column norms').locator('svg').first();
  await expect(chart).toBeVisible();
  const top = await chart.evaluate((svg) => svg.getBoundingClientRect().top + window.scrollY);
  test.info().annotations.push({ type: 'column-norms chart top', description: `${Math.round(top)} px of ${MOBILE_VIEWPORT.height}` });
  expect(top).toBeLessThan(MOBILE_VIEWPORT.height);
  for (const name of ['Train', 'Step', 'Reset', 'Prune', 'Fine-tune', 'Tour']) await expect(lab.button(name)).toBeInViewport();
  await expect(lab.readout).toBeInViewport();

  // The folded part of the run bar opens with a tap and its controls work.
  const compare = page.getByRole('checkbox', { name: 'Compare with unregularized training (λ = 0)' });
  await expect(compare).toBeHidden();
  await page.getByText('Theory, comparison and scenarios').tap();
  await compare.tap();
  await lab.waitForState('the comparison lane', (s) => s.comparison && s.status !== 'loading');
});

test('no width from 360 px up scrolls sideways, and every chart keeps legible axes and at least 200 px of height', async ({ lab, page }) => {
  await lab.open();
  await lab.button('Train').tap();
  await lab.waitForState('a few hundred steps', (s) => s.step >= 200);
  for (const width of [360, 390, 414, 600, 768, 1024, 1400]) {
    await page.setViewportSize({ width, height: 844 });
    await expect.poll(() => horizontalOverflow(page), { message: `sideways scroll at ${width} px` }).toBeLessThanOrEqual(0);
    const charts = await chartSizes(page);
    expect(charts.length, `charts drawn at ${width} px`).toBeGreaterThanOrEqual(4);
    for (const chart of charts) {
      expect(chart.height, `${chart.panel} at ${width} px`).toBeGreaterThanOrEqual(200);
      expect(chart.tickFont, `${chart.panel} tick labels at ${width} px`).toBeGreaterThanOrEqual(11);
      expect(chart.ticks, `${chart.panel} y ticks at ${width} px`).toBeGreaterThanOrEqual(2);
    }
  }
  await page.setViewportSize({ width: 360, height: 740 });
  await page.getByRole('tab', { name: 'Sweep' }).tap();
  await expect(page.getByRole('region', { name: 'Phase diagram' })).toBeVisible();
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await page.goto('./?present=1');
  await expect(lab.region('Column norms')).toBeVisible();
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
});
