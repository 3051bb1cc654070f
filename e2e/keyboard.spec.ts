import { expect, LONG_RUN_QUERY, test } from './fixtures';

test('keyboard only: Tab to Train, shortcuts to step, prune, open and close the help, fine-tune', async ({ lab, page }) => {
  // Phase 1 outlasts the test, so Space pauses a running run however fast the machine is.
  await lab.open(LONG_RUN_QUERY);

  // "s" takes exactly one step, as the help says, without starting the run.
  await page.keyboard.press('s');
  const stepped = await lab.waitForState('one step', (s) => s.step > 0 && s.status !== 'running');
  expect(stepped).toMatchObject({ phase: 'train', step: 1 });

  // Space (with no button focused) trains and pauses.
  await page.keyboard.press(' ');
  await lab.waitForState('training started by Space', (s) => s.status === 'running');
  await page.keyboard.press(' ');
  const paused = await lab.waitForState('training paused by Space', (s) => s.status === 'paused');
  expect(paused.phase).toBe('train');

  // Reach the Train button with Tab alone and resume with Enter.
  const train = lab.button('Train');
  for (let presses = 0; presses < 30 && !(await train.evaluate((button) => button === document.activeElement)); presses++) {
    await page.keyboard.press('Tab');
  }
  await expect(train).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(lab.button('Pause')).toBeFocused();
  const { r } = await lab.waitForExactRank();

  // "p" pauses if needed and prunes at τ.
  await page.keyboard.press('p');
  const pruned = await lab.waitForPruned();
  expect(pruned.k).toBe(r);

  // "?" opens the shortcut help as a modal dialog; Escape closes it and shortcuts work again.
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help.getByRole('button', { name: 'Close' })).toBeFocused();
  for (const key of ['Space', 's', 'p', 'f', 'r', '?', 'Esc']) await expect(help.getByRole('rowheader', { name: key, exact: true })).toBeVisible();
  // Shortcuts are off while the help is open: this "f" must not start fine-tuning.
  await page.keyboard.press('f');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await expect(lab.button('Train')).toBeFocused();
  const afterHelp = await lab.state();
  expect([afterHelp.phase, afterHelp.step, afterHelp.status]).toEqual(['finetune', 0, 'paused']);

  await page.keyboard.press('f');
  const finished = await lab.waitForPhaseDone('finetune');
  expect(finished.k).toBe(r);
  expect(finished.rho).not.toBeNull();
  expect(finished.rho as number).toBeLessThan(1);
  await expect(lab.fitSummary).toContainText('fitted rate ρ');
});
