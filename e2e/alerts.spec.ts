import { expect, test } from './fixtures';

test('a diverging step size stops with the reason and a suggested η₁, and the suggestion trains', async ({ lab, page }) => {
  await lab.open('eta=10');
  await lab.button('Train').click();
  const diverged = await lab.waitForState('the divergence', (s) => s.diverged !== null && s.status !== 'running');
  const alert = page.getByRole('alert').filter({ hasText: 'diverged' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(diverged.diverged as string);
  // What happened once, then exactly one suggestion with the [derived] bound it comes from.
  await expect(alert.locator('p')).toHaveText(
    /^The regularized run diverged: objective .* at step \d+ with η₁ = 10; rolled back to step \d+\. Try η₁ ≤ [\d.]+, below the stability bound .+ = [\d.]+ \[derived\]\.$/,
  );

  const useSuggestion = alert.getByRole('button', { name: /^Use η₁ = \S+ and reset$/ });
  const suggested = ((await useSuggestion.textContent()) ?? '').replace(/^Use η₁ = (\S+) and reset$/, '$1');
  await useSuggestion.click();
  await expect(alert).toBeHidden();
  await expect(page.getByLabel('η₁ (step size)', { exact: true })).toHaveValue(suggested);

  await lab.button('Train').click();
  const trained = await lab.waitForState('training with the suggested step size', (s) => s.step >= 500);
  expect(trained.diverged).toBeNull();
  expect(Number.isFinite(trained.lanes.regularized?.loss)).toBe(true);
});

test('a malformed, hostile link opens a working lab and lists what it corrected', async ({ lab, page }) => {
  page.on('dialog', (dialog) => {
    throw new Error(`the link opened a ${dialog.type()} dialog: ${dialog.message()}`);
  });
  const hostile = new URLSearchParams([
    ['k', '99999'],
    ['eta', '-1'],
    ['lambda', 'NaN'],
    ['d', '20'],
    ['d', '25'],
    ['compare', 'maybe'],
    ['hide', 'evil'],
    ['<img src=x onerror=alert(1)>', '1'],
    ['__proto__', '1'],
    ['seed', 'x'.repeat(500)],
  ]);
  await lab.open(hostile.toString());

  const notice = page.getByRole('status').filter({ hasText: 'The link was corrected' });
  await expect(notice).toBeVisible();
  console.log(`corrections: ${await notice.locator('p').textContent()}`);
  for (const mentioned of ['k', 'eta', 'lambda', '"d" was given 2 times', 'compare', 'evil', '<img src=x onerror=alert(1)>', '__proto__', 'too long']) {
    await expect(notice).toContainText(mentioned);
  }
  // Hostile text is shown as text, never parsed as markup.
  await expect(page.locator('img[src="x"]')).toHaveCount(0);

  // Out-of-range values are clamped into the schema's range, the rest fall back to defaults.
  expect((await lab.state()).k).toBe(1000);
  await expect(page.getByLabel('k (columns)', { exact: true })).toHaveValue('1000');
  await expect(page.getByLabel('d (dimension)', { exact: true })).toHaveValue('25');

  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toBeHidden();
  await lab.button('Step').click();
  await lab.waitForState('a step of the corrected run', (s) => s.step > 0);
});

test('control and bidirectional characters in a link are shown as escapes, not applied to the notice', async ({ lab, page }) => {
  // A right-to-left override would otherwise reverse everything after it in the notice.
  const hostile = new URLSearchParams([
    ['model', 'exe.\u202Etxt'],
    ['\u2066key\u0007', '1'],
  ]);
  await lab.open(hostile.toString());
  const notice = page.getByRole('status').filter({ hasText: 'The link was corrected' });
  await expect(notice).toBeVisible();
  const text = (await notice.locator('p').textContent()) ?? '';
  console.log(`corrections: ${text}`);
  expect(text).toContain('(got "exe.\\u202Etxt")');
  expect(text).toContain('ignored unknown key "\\u2066key\\u0007"');
  expect(text).not.toMatch(/[\p{Cc}\p{Cf}]/u);
});
