import { expect, RUN_TIMEOUT, test } from './fixtures';
import { parseShownNumber } from './helpers';

test('a phase-diagram sweep shows progress, can be cancelled, and keeps its finished cells', async ({ lab, page }) => {
  await lab.open();
  await page.getByRole('tab', { name: 'Sweep', exact: true }).click();
  const panel = lab.region('Phase diagram');
  const status = panel.getByTestId('sweep-status');
  const progress = panel.getByRole('progressbar', { name: 'Sweep progress' });
  const total = Number(((await panel.getByText(/^\d+ runs, \d+ at a time$/).textContent()) ?? '').split(' ')[0]);
  expect(total).toBeGreaterThan(4);

  await lab.button('Run sweep').click();
  await expect(lab.button('Cancel sweep')).toBeEnabled();
  await expect(lab.button('Run sweep')).toBeDisabled();
  // The λ sweep shares the workers: it waits with a note instead of cancelling the diagram.
  const lambdaPanel = lab.region('λ sweep');
  await expect(lambdaPanel.getByRole('button', { name: 'Run λ sweep', exact: true })).toBeDisabled();
  await expect(lambdaPanel.getByText('The phase diagram is using the workers; cancel it or wait.')).toBeVisible();
  // Partial results: at least one cell finished and drawn while the sweep still runs.
  await expect(status).toHaveText(new RegExp(`^[1-9]\\d* of ${total} cells`), { timeout: RUN_TIMEOUT });
  await expect(panel.locator('.pl-cells rect[data-outcome]:not([data-outcome="pending"])').first()).toBeAttached();

  await lab.button('Cancel sweep').click();
  await expect(status).toHaveText(new RegExp(`^Cancelled after (\\d+) of ${total} cells.*the finished cells stay\\.$`));
  const finished = Number(/^Cancelled after (\d+)/.exec((await status.textContent()) ?? '')?.[1]);
  expect(finished).toBeGreaterThan(0);
  expect(finished).toBeLessThan(total);
  await expect(progress).toHaveAttribute('value', String(finished));
  await expect(panel.locator('.pl-cells rect[data-outcome]:not([data-outcome="pending"])')).toHaveCount(finished);
  await expect(panel.getByTestId('sweep-summary')).toHaveText(/\S/);
  await expect(lab.button('Run sweep')).toBeEnabled();
  await expect(lab.button('Cancel sweep')).toBeDisabled();
  await expect(lambdaPanel.getByRole('button', { name: 'Run λ sweep', exact: true })).toBeEnabled();
  await expect(lambdaPanel.getByText('The phase diagram is using the workers; cancel it or wait.')).toHaveCount(0);
  // The lab itself is untouched by the sweep and still trains.
  await page.getByRole('tab', { name: 'Lab', exact: true }).click();
  await lab.button('Step').click();
  await lab.waitForState('a lab step after the sweep', (s) => s.step > 0);
});

test('clicking a phase-diagram cell takes the reader to the lab with that setting loaded and says what to do', async ({ lab, page }) => {
  await lab.open();
  await page.getByRole('tab', { name: 'Sweep', exact: true }).click();
  const cell = lab.region('Phase diagram').locator('.pl-cells rect[data-outcome]').first();
  await cell.click();

  await expect(page.getByRole('tab', { name: 'Lab', exact: true })).toHaveAttribute('aria-selected', 'true');
  const notice = page.getByTestId('loaded-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toBeFocused();
  await expect(notice).toHaveText(/^Loaded λ = \S+, β = \S+ \(not run yet\) from the phase diagram: press Train to watch it\.$/);
  // The notice names the λ and β the lab now holds.
  const [, lambda, beta] = /λ = (\S+), β = (\S+) /.exec((await notice.textContent()) ?? '') ?? [];
  for (const [label, shown] of [['λ (regularization)', lambda], ['β (smoothing)', beta]]) {
    const value = Number(await page.getByLabel(label, { exact: true }).inputValue());
    expect(Math.abs(value / parseShownNumber(shown) - 1), label).toBeLessThan(0.01);
  }

  // Once trained, "press Train" is no longer true, and the notice goes.
  await lab.button('Train').click();
  await lab.waitForState('a few steps', (s) => s.step > 0);
  await expect(notice).toHaveCount(0);
});
