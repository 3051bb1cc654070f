// Finding 8 of issue 8: importing a run file says what happened, never silently replaces a
// trained run that was not saved, refuses unknown keys by name, and a refused file clears
// what the previous import showed.
import { readFile } from 'node:fs/promises';
import type { Dialog } from '@playwright/test';
import { expect, test } from './fixtures';

/** Phase-1 steps of the exported run: short, so the test trains twice in seconds. */
const EXPORTED_STEPS = 50;

test('a run file import asks before replacing a trained, unsaved run, and a refused file clears the previous import', async ({ lab, page }) => {
  await lab.open(`steps=${EXPORTED_STEPS}`);
  await lab.button('Train').click();
  await lab.waitForState('the exported run', (s) => s.status === 'done' && s.step === EXPORTED_STEPS);
  const share = lab.region('Share and save');
  await share.getByText('Export', { exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), share.getByRole('button', { name: 'Export run JSON', exact: true }).click()]);
  const runJson = await readFile(await download.path(), 'utf8');
  const file = (name: string, text: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  const input = page.getByLabel('Run file to import', { exact: true });

  // The lab's run is trained and was never saved: an import asks first, and "no" keeps it.
  const dialogs: string[] = [];
  const answer = (accept: boolean) => (dialog: Dialog) => {
    dialogs.push(dialog.message());
    void (accept ? dialog.accept() : dialog.dismiss());
  };
  page.once('dialog', answer(false));
  await input.setInputFiles(file('run.json', runJson));
  await expect(share.getByText('Kept the current run; run.json was not imported.', { exact: true })).toBeVisible();
  expect(dialogs).toEqual(['Importing run.json replaces the current trained run, which is not saved. Replace it?']);
  expect((await lab.state()).step).toBe(EXPORTED_STEPS);

  page.once('dialog', answer(true));
  await input.setInputFiles(file('run.json', runJson));
  await expect(share.getByText(/^Imported run\.json\./)).toBeVisible();
  expect(dialogs).toHaveLength(2);
  await lab.waitForState('the imported run, untrained', (s) => s.status === 'idle' && s.step === 0);
  const compare = share.getByRole('button', { name: 'Compare with the loaded run', exact: true });
  await expect(compare).toBeVisible();
  const opened = share.getByRole('status').filter({ hasText: 'press Train to repeat phase 1' });
  await expect(opened).toBeVisible();

  // An unknown top-level key is refused by name, and the previous import's message and button go.
  const withUnknownKey = JSON.stringify({ ...JSON.parse(runJson), commentary: 'not part of the format' });
  await input.setInputFiles(file('edited.json', withUnknownKey));
  const refused = share.getByRole('alert');
  await expect(refused).toContainText('edited.json cannot be imported');
  await expect(refused).toContainText('commentary');
  await expect(compare).toHaveCount(0);
  await expect(opened).toHaveCount(0);
  // The untrained lab asked nothing: there was nothing to lose.
  expect(dialogs).toHaveLength(2);
});
