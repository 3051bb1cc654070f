import { expect, LONG_RUN_QUERY, MOBILE_VIEWPORT, test } from './fixtures';
import { barBoxes } from './helpers';

test.use({ viewport: MOBILE_VIEWPORT, isMobile: true, hasTouch: true });

/** Whether the document scrolls sideways (a layout wider than the screen). */
const horizontalOverflow = (): number => (document.scrollingElement?.scrollWidth ?? 0) - window.innerWidth;

test('a phone-sized viewport has no horizontal scroll and its controls train', async ({ lab, page }) => {
  // Phase 1 outlasts the test, so Pause is there to tap however fast the machine is.
  await lab.open(LONG_RUN_QUERY);
  expect(await page.evaluate(horizontalOverflow)).toBeLessThanOrEqual(0);

  for (const name of ['Train', 'Step', 'Reset', 'Prune', 'Fine-tune']) await expect(lab.button(name)).toBeVisible();
  await expect(lab.tauSlider).toBeVisible();
  await expect(lab.readout).toBeVisible();
  await expect(lab.region('Column norms')).toBeVisible();
  // Every run button fits on the screen, so none needs sideways scrolling to reach.
  for (const name of ['Train', 'Step', 'Reset', 'Prune', 'Fine-tune']) {
    const box = await lab.button(name).boundingBox();
    expect(box, `${name} has a box`).not.toBeNull();
    expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= MOBILE_VIEWPORT.width, `${name} lies within the screen`).toBe(true);
  }

  await lab.button('Train').tap();
  await lab.waitForState('a few hundred steps', (s) => s.step >= 200);
  await lab.button('Pause').tap();
  const paused = await lab.waitForState('the paused run', (s) => s.status === 'paused');
  await expect(lab.readout).toHaveText(new RegExp(`^\\d+ columns? above τ \\(r = ${paused.r}\\)$`));
  expect(await barBoxes(lab.region('Column norms'))).toHaveLength(paused.k);
  // Charts drawn with data must not widen the page either.
  expect(await page.evaluate(horizontalOverflow)).toBeLessThanOrEqual(0);
});
