// Layout facts at the widths people use, measured in the page rather than compared by pixels.
import type { Locator, Page } from '@playwright/test';
import { expect, MOBILE_VIEWPORT, test } from './fixtures';

const WIDE_VIEWPORT = { width: 1400, height: 900 };
/** From the smallest phone the page supports to a wide desktop. */
const WIDTHS = [360, 390, 768, 1024, 1280, 1400, 1920];

/** How far the document scrolls sideways (more than 0: a layout wider than the screen). */
const horizontalOverflow = (page: Page): Promise<number> =>
  page.evaluate(() => (document.scrollingElement?.scrollWidth ?? 0) - window.innerWidth);

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  if (!found) throw new Error('the element has no box (hidden?)');
  return found;
}

test.describe('at 1 400 px', () => {
  test.use({ viewport: WIDE_VIEWPORT });

  test('the Parameters form starts on the first screen, in one font, and the cost line keeps its numbers whole', async ({ lab, page }) => {
    await lab.open();
    const parameters = page.getByRole('complementary', { name: 'Parameters' });
    expect((await box(parameters)).y).toBeLessThan(WIDE_VIEWPORT.height);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    // A count's thousands separator is a space no line may break at.
    const cost = page.getByTestId('run-cost');
    await expect(cost).toContainText('steps');
    expect(await cost.textContent()).not.toMatch(/\d[ \u2009]\d/);

    // Every piece of reading text uses the body's font family (maths, keys and charts excepted).
    await page.getByRole('article', { name: 'Explanation' }).locator('.katex').first().waitFor();
    const otherFonts = await page.evaluate(() => {
      const body = getComputedStyle(document.body).fontFamily;
      const text = document.querySelectorAll('main p, main li, main td, main th, main caption, main label, main summary, main dt, main dd, main h2, main h3, header p');
      return Array.from(text)
        .filter((el) => !el.closest('.katex, kbd, svg') && getComputedStyle(el).fontFamily !== body)
        .map((el) => `${el.tagName.toLowerCase()}: ${getComputedStyle(el).fontFamily}`);
    });
    expect(otherFonts).toEqual([]);
  });
});

test('the λ-sweep table fits its panel when wide, scrolls inside it when narrow, and no width scrolls the page', async ({ lab, page }) => {
  await page.setViewportSize(WIDE_VIEWPORT);
  await lab.open();
  await page.getByRole('tab', { name: 'Sweep', exact: true }).click();
  const panel = lab.region('λ sweep');
  await panel.getByRole('button', { name: 'Run λ sweep', exact: true }).click();
  await expect(panel.getByTestId('lambda-status')).toHaveText(/^Finished/, { timeout: 120_000 });
  const scroller = panel.getByRole('region', { name: 'λ sweep results', exact: true });
  const loads = scroller.getByRole('button', { name: /^Load λ = / });
  expect(await loads.count()).toBeGreaterThan(1);

  // Wide: every Load button lies inside the table's visible box.
  const visible = await box(scroller);
  for (const load of await loads.all()) {
    const button = await box(load);
    expect(button.x + button.width).toBeLessThanOrEqual(visible.x + visible.width + 0.5);
  }

  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    for (const tab of ['Sweep', 'Lab']) {
      await page.getByRole('tab', { name: tab, exact: true }).click();
      expect(await horizontalOverflow(page), `${tab} tab at ${width} px`).toBeLessThanOrEqual(0);
    }
    await page.getByRole('tab', { name: 'Sweep', exact: true }).click();
  }

  // Narrow: the table is wider than its panel, so it scrolls inside a region the keyboard
  // can reach, shaded at the edge with more columns; scrolled to its end, Load shows.
  await page.setViewportSize(MOBILE_VIEWPORT);
  const overflow = await scroller.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, tabIndex: el.tabIndex, background: getComputedStyle(el).backgroundImage }));
  expect(overflow.scrollWidth).toBeGreaterThan(overflow.clientWidth);
  expect(overflow.tabIndex).toBe(0);
  expect(overflow.background).toContain('radial-gradient');
  await scroller.focus();
  await scroller.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
  const narrow = await box(scroller);
  const firstLoad = await box(loads.first());
  expect(firstLoad.x + firstLoad.width).toBeLessThanOrEqual(narrow.x + narrow.width + 0.5);
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
});
