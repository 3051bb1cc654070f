// Shared Playwright fixtures: a typed handle on the page's `window.__prunelab` test API (in
// the spirit of tldraw's test fixtures) and a console guard that fails every test whose page
// logged an error or threw.
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { DEFAULT_CONFIG, FIELDS } from '../src/core/config';
import type { LaneTestState, PruneLabTestState } from '../src/ui/testApi';

/** Waits on training: the machine is shared, so a few seconds of work may take minutes. */
export const RUN_TIMEOUT = 180_000;

/**
 * The default preset with the largest phase-1 budget the schema allows: a run that is still
 * training when the test pauses, prunes or measures it, however fast the machine.
 */
export const LONG_RUN_QUERY = `steps=${FIELDS.steps.type === 'int' ? FIELDS.steps.max : Number.MAX_SAFE_INTEGER}`;

/** Desktop and phone sizes the layout tests use. */
export const DESKTOP_VIEWPORT = { width: 1280, height: 800 };
export const MOBILE_VIEWPORT = { width: 390, height: 844 };

/** The lab page, driven by its accessible names and read through its test API. */
export class LabPage {
  constructor(readonly page: Page) {}

  /** Opens the lab (with an optional query such as "eta=10") and waits until its run is built. */
  async open(query = ''): Promise<void> {
    await this.page.goto(query ? `./?${query}` : './');
    await this.page.waitForFunction(() => window.__prunelab !== undefined && window.__prunelab.getState().status !== 'loading', undefined, {
      timeout: RUN_TIMEOUT,
    });
  }

  /** What the page shows, from `window.__prunelab.getState()`. */
  state(): Promise<PruneLabTestState> {
    return this.page.evaluate(() => {
      if (!window.__prunelab) throw new Error('window.__prunelab is not installed');
      return window.__prunelab.getState();
    });
  }

  /** One lane's state; fails when the lane does not exist. */
  async lane(id: 'regularized' | 'unregularized'): Promise<LaneTestState> {
    const lane = (await this.state()).lanes[id];
    if (!lane) throw new Error(`the page has no ${id} lane`);
    return lane;
  }

  /** Frames the charts have drawn since the page loaded. */
  framesDrawn(): Promise<number> {
    return this.page.evaluate(() => window.__prunelab?.framesDrawn ?? 0);
  }

  /** Polls the test API until `predicate` holds; `description` names the wait in a failure. */
  async waitForState(description: string, predicate: (state: PruneLabTestState) => boolean, timeout = RUN_TIMEOUT): Promise<PruneLabTestState> {
    let last: PruneLabTestState | null = null;
    await expect
      .poll(
        async () => {
          last = await this.state();
          return predicate(last);
        },
        { message: `waiting for ${description}`, timeout, intervals: [100, 250, 500] },
      )
      .toBe(true);
    return last as unknown as PruneLabTestState;
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  /** The τ slider of the run bar (not the chart's "Pruning threshold line" handle). */
  get tauSlider(): Locator {
    return this.page.getByRole('slider', { name: 'Pruning threshold', exact: true });
  }

  region(name: string): Locator {
    return this.page.getByRole('region', { name, exact: true });
  }

  get readout(): Locator {
    return this.page.getByTestId('above-tau-readout');
  }

  get fitSummary(): Locator {
    return this.page.getByTestId('fit-summary');
  }

  /** Presses Train and waits until exactly r columns of the regularized run stand above τ for good. */
  async trainToExactRank(): Promise<PruneLabTestState> {
    await this.button('Train').click();
    return this.waitForExactRank();
  }

  /**
   * Waits until exactly r columns stand above τ once the classroom run's phase-1 budget is
   * spent (DEFAULT_CONFIG.steps), where its preset promises them. Earlier the count passes
   * through r on its way up (at step 99 of the default run it is 3, then climbs to 17 and
   * falls back), so a test that caught that moment and then paused or pruned would see
   * whatever the count had become by then, depending on the machine's speed.
   */
  async waitForExactRank(): Promise<PruneLabTestState> {
    const state = await this.waitForState(
      `exactly r columns above τ from step ${DEFAULT_CONFIG.steps} on`,
      (s) => s.phase === 'train' && s.aboveTau === s.r && s.step >= DEFAULT_CONFIG.steps,
    );
    await expect(this.readout).toHaveText(`${state.r} columns above τ (r = ${state.r})`);
    return state;
  }

  /** Waits until the current phase used its step budget. */
  waitForPhaseDone(phase: 'train' | 'finetune'): Promise<PruneLabTestState> {
    return this.waitForState(`the ${phase} phase to finish`, (s) => s.phase === phase && s.status === 'done');
  }

  /** Waits until the regularized lane reports its pruned model (the store's phase switches first). */
  waitForPruned(): Promise<PruneLabTestState> {
    return this.waitForState('the pruned model', (s) => s.phase === 'finetune' && s.lanes.regularized?.phase === 'finetune' && s.status !== 'running');
  }

  /** Prunes at the current τ and fine-tunes the kept columns to the end of their budget. */
  async pruneAndFineTune(): Promise<PruneLabTestState> {
    await this.button('Prune').click();
    await this.waitForPruned();
    await this.button('Fine-tune').click();
    return this.waitForPhaseDone('finetune');
  }
}

/** Records the console errors and uncaught exceptions of `page` into `errors`. */
export function recordPageErrors(page: Page, errors: string[], pageName = 'page'): void {
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error on the ${pageName}: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught on the ${pageName}: ${error.message}`));
}

interface LabFixtures {
  /**
   * Console errors and uncaught exceptions of the page (and of any page a test adds with
   * recordPageErrors); the test fails if any were seen.
   */
  pageErrors: string[];
  lab: LabPage;
}

export const test = base.extend<LabFixtures>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      recordPageErrors(page, errors);
      await use(errors);
      expect(errors, 'the page logged errors').toEqual([]);
    },
    { auto: true },
  ],
  lab: async ({ page }, use) => {
    await use(new LabPage(page));
  },
});

export { expect };
