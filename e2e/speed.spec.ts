import { expect, test } from './fixtures';

test('Speed paces training at 10 steps/s with an ETA, and full speed finishes the run', async ({ lab, page }) => {
  await lab.open('speed=10');
  const speed = page.getByRole('slider', { name: 'Speed', exact: true });
  await expect(speed).toHaveAttribute('aria-valuetext', '10 steps/s');
  await lab.button('Train').click();
  const slow = await lab.waitForState('a few paced steps and a measured rate', (s) => s.step >= 8 && s.stepsPerSecond > 0);
  // The pace is an upper bound the worker keeps, whatever the machine's load. (How many of
  // the paced steps the page draws one by one depends on the load: a busy page draws fewer
  // frames, each with the steps since the last; the controller's unit test checks the pacing.)
  expect(slow.stepsPerSecond).toBeLessThan(20);
  await expect(page.getByTestId('progress-text')).toContainText('left');

  // Full speed from the keyboard: "+" climbs the log scale one position per press.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('+');
  await expect(speed).toHaveAttribute('aria-valuetext', '20 steps/s');
  await expect.poll(() => new URL(page.url()).searchParams.get('speed')).toBe('20');
  for (let press = 0; press < 12; press++) await page.keyboard.press('+');
  await expect(speed).toHaveAttribute('aria-valuetext', 'full speed');
  await expect.poll(() => new URL(page.url()).searchParams.get('speed')).toBeNull();
  const done = await lab.waitForPhaseDone('train');
  expect(done.aboveTau).toBe(done.r);

  // "-" slows down, never below the slowest pace.
  for (let press = 0; press < 12; press++) await page.keyboard.press('-');
  await expect(speed).toHaveAttribute('aria-valuetext', '10 steps/s');
  await expect.poll(() => new URL(page.url()).searchParams.get('speed')).toBe('10');
});

test('the speed slider sets the pace, and a bad speed in the link is corrected through the schema', async ({ lab, page }) => {
  await lab.open('speed=fast');
  await expect(page.getByText('speed must be a number from 10 to 10000 (got "fast"); using full speed')).toBeVisible();
  const speed = page.getByRole('slider', { name: 'Speed', exact: true });
  await expect(speed).toHaveAttribute('aria-valuetext', 'full speed');
  await speed.focus();
  await page.keyboard.press('Home');
  await expect(speed).toHaveAttribute('aria-valuetext', '10 steps/s');
  await expect(page.getByTestId('speed-value')).toHaveText('10 steps/s');
  await lab.button('Train').click();
  const paced = await lab.waitForState('a paced rate', (s) => s.step >= 5 && s.stepsPerSecond > 0);
  expect(paced.stepsPerSecond).toBeLessThan(20);
});
