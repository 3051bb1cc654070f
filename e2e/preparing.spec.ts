// Finding 9 of issue 8: a large problem shows how far each preparing stage got, and Train
// goes straight to a running status (no "idle" while the first chunk computes), also when it
// is pressed before the ready frame was drawn.
import { expect, test } from './fixtures';

/**
 * Empirical sensing big enough that drawing the measurements and folding them into the Gram
 * matrix take seconds: 8 000 sensing matrices of 40×40 and a fold over 820×820 entries.
 */
// A step budget the run cannot finish between Train and Pause, however fast the machine.
const LARGE_QUERY = 'd=40&k=40&n=8000&operator=gram&steps=1000000';

/** What the page showed at one commit: the readout, the preparing bar's value (null without one) and the status line. */
interface Shown {
  readout: string;
  preparing: number | null;
  status: string;
}

declare global {
  interface Window {
    __shown?: Shown[];
  }
}

test('a large problem shows each preparing stage filling its bar, then a running status as soon as Train is pressed', async ({ lab, page }) => {
  // Records every state the readout passes through from the page's first commit, however
  // briefly it lasts, so the test reads what was shown instead of sampling it in time.
  await page.addInitScript(() => {
    const shown: Shown[] = [];
    window.__shown = shown;
    const record = () => {
      const readout = document.querySelector('[data-testid="above-tau-readout"]');
      if (!readout) return;
      const bar = document.querySelector<HTMLProgressElement>('progress[aria-label="preparing progress"]');
      const entry = {
        readout: readout.textContent ?? '',
        preparing: bar ? bar.value : null,
        status: document.querySelector('[data-testid="status-line"]')?.textContent ?? '',
      };
      const last = shown.at(-1);
      if (!last || last.readout !== entry.readout || last.preparing !== entry.preparing || last.status !== entry.status) shown.push(entry);
    };
    new MutationObserver(record).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await lab.open(LARGE_QUERY);
  const shown = () => page.evaluate(() => window.__shown ?? []);

  const preparing = (await shown()).filter((entry) => entry.preparing !== null);
  const stages = [...new Set(preparing.map((entry) => /^Preparing the run \((\d) of 3\)/.exec(entry.readout)?.[1]))];
  expect(stages).toEqual(['1', '2', '3']);
  for (const stage of ['1', '2']) {
    const fractions = preparing.filter((entry) => entry.readout.startsWith(`Preparing the run (${stage} of 3)`)).map((entry) => entry.preparing as number);
    console.log(`stage ${stage}: ${fractions.length} values shown, ${fractions.filter((f) => f > 0 && f < 1).length} strictly inside`);
    // The bar starts empty, passes through values between, and rises only.
    expect(fractions[0]).toBe(0);
    expect(fractions.some((fraction) => fraction > 0 && fraction < 1)).toBe(true);
    expect(fractions.every((fraction, i) => i === 0 || fraction > fractions[i - 1])).toBe(true);
  }

  // Ready: the preparing bar gives way to the phase's progress.
  await expect(page.getByRole('progressbar', { name: 'preparing progress' })).toHaveCount(0);
  await expect(page.getByTestId('progress-text')).toHaveText(/^0 of [\d\u202f]+ steps$/);
  await expect(page.getByTestId('status-line')).toHaveText(/^idle · training · step 0 /);
  // The ready frame is drawn (and acknowledged), so the worker can send the next one at once.
  await expect.poll(() => lab.framesDrawn()).toBeGreaterThan(0);

  const before = (await shown()).length;
  await lab.button('Train').click();
  await lab.waitForState('training', (s) => s.status === 'running' && s.step > 0);
  const after = (await shown()).slice(before).map((entry) => entry.status);
  // The first status after the press is running at step 0, before the first chunk's steps.
  expect(after[0]).toMatch(/^running · training · step 0 · /);
  expect(after.some((status) => status.startsWith('idle'))).toBe(false);
  await lab.button('Pause').click();
  await lab.waitForState('paused', (s) => s.status === 'paused');
});

test('Train pressed before the ready frame is drawn goes straight to running, without a moment of idle', async ({ lab, page }) => {
  // Presses Train in the same task in which the page first enables it (the worker's `ready`
  // was handled, its first frame not drawn yet: that frame still says idle), then records
  // every status line and Train/Pause label shown after the press.
  await page.addInitScript(() => {
    const shown: Shown[] = [];
    window.__shown = shown;
    let pressed = false;
    new MutationObserver(() => {
      const button = [...document.querySelectorAll<HTMLButtonElement>('.pl-run-buttons button')].find((b) => b.textContent === 'Train' || b.textContent === 'Pause');
      if (!button) return;
      if (pressed) {
        const status = `${document.querySelector('[data-testid="status-line"]')?.textContent ?? ''} [${button.textContent}]`;
        if (shown.at(-1)?.status !== status) shown.push({ readout: '', preparing: null, status });
      } else if (!button.disabled && button.textContent === 'Train') {
        pressed = true;
        button.click();
      }
    }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await lab.open(LARGE_QUERY);
  await lab.waitForState('training', (s) => s.status === 'running' && s.step > 0);
  const after = (await page.evaluate(() => window.__shown ?? [])).map((entry) => entry.status);
  expect(after.length).toBeGreaterThan(0);
  expect(after[0]).toMatch(/^running · training · step 0 · .* \[Pause\]$/);
  expect(after.filter((status) => status.startsWith('idle') || status.endsWith('[Train]'))).toEqual([]);
});
