import { expect, test } from './fixtures';

test('the run records τ crossings and the first exact r: listed in words, marked on the training curves and the scrubber', async ({ lab, page }) => {
  await lab.open();
  await lab.trainToExactRank();
  const done = await lab.waitForPhaseDone('train');
  expect(done.aboveTau).toBe(done.r);

  const events = page.getByTestId('threshold-events');
  await events.locator('summary').click();
  const list = page.getByRole('list', { name: 'Threshold events' });
  // The list is built when the fold opens.
  await expect(list).toBeVisible();
  const items = await list.getByRole('listitem').allTextContents();
  // Exactly r stand above τ since the last crossing (the count passed through r earlier, on its way up).
  const lastCrossing = items.filter((item) => item.startsWith('column')).at(-1)?.replace(/^.* at step /, '');
  await expect(events.locator('summary')).toContainText(`; exactly r above τ since step ${lastCrossing}`);
  // Steps read like the rest of the page: thousands separated by a narrow space.
  const pattern = /^(column \d+ (rose above|fell below) τ|exactly r = \d+ columns above τ for the first time) at step \d{1,3}(\u202f\d{3})*$/;
  for (const item of items) expect(item).toMatch(pattern);
  const reached = items.filter((item) => item.startsWith(`exactly r = ${done.r} columns above τ for the first time`));
  expect(reached).toHaveLength(1);
  // Replaying the crossings gives the count the readout shows.
  const ups = items.filter((item) => item.includes('rose above')).length;
  const downs = items.filter((item) => item.includes('fell below')).length;
  expect(ups - downs).toBe(done.aboveTau);
  expect(downs).toBeGreaterThan(0);

  // One dotted rule per event on the training curves, "r" where exactly r first stood above τ.
  const curves = lab.region('Training curves');
  await expect(curves.locator('.pl-event-line')).toHaveCount(items.length);
  await expect(curves.locator('.pl-event-label', { hasText: /^r$/ })).toHaveCount(1);
  // The scrubber's slider carries tick marks at the events' checkpoints.
  await expect(page.getByTestId('scrubber-event-marks').locator('option')).not.toHaveCount(0);

  // A reset starts a new record.
  await lab.button('Reset').click();
  await expect(events.locator('summary')).toHaveText('Events: 0 τ crossings');
});
