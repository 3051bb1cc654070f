// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { render, type Rendered } from '../testing';
import { runRules, type RunFacts } from '../../state/runRules';
import type { RunCommands } from '../useRunCommands';
import { RunButtons } from './RunButtons';

let page: Rendered | null = null;
afterEach(() => page?.unmount());

const noop = () => undefined;
/** The buttons' commands for a run in this state, with the one rule of when each applies. */
const commands = (facts: Partial<RunFacts>): RunCommands => ({
  ...runRules({ status: 'paused', phase: 'train', aboveTau: 0, ...facts }),
  toggleTrain: noop,
  step: noop,
  reset: noop,
  prune: noop,
  fineTune: noop,
});

const buttons = (container: HTMLElement) =>
  Object.fromEntries(Array.from(container.querySelectorAll('button')).map((b) => [b.textContent, b]));

describe('RunButtons', () => {
  it('has exactly the names Train, Step, Reset, Prune, Fine-tune', () => {
    page = render(<RunButtons commands={commands({})} />);
    expect(Object.keys(buttons(page.container))).toEqual(['Train', 'Step', 'Reset', 'Prune', 'Fine-tune']);
  });

  it('turns Train into Pause while running and disables Step', () => {
    page = render(<RunButtons commands={commands({ status: 'running', aboveTau: 3 })} />);
    const named = buttons(page.container);
    expect(named.Pause).toBeDefined();
    expect(named.Train).toBeUndefined();
    expect(named.Step.disabled).toBe(true);
    expect(named.Prune.disabled).toBe(false);
    expect(named['Fine-tune'].disabled).toBe(true);
  });

  it('enables Fine-tune only after pruning', () => {
    page = render(<RunButtons commands={commands({ phase: 'finetune' })} />);
    const named = buttons(page.container);
    expect(named['Fine-tune'].disabled).toBe(false);
    expect(named.Prune.disabled).toBe(true);
  });

  it('disables Prune with no column above τ, and Step once the phase reached its budget', () => {
    page = render(<RunButtons commands={commands({ status: 'done', aboveTau: 0 })} />);
    const named = buttons(page.container);
    expect(named.Prune.disabled).toBe(true);
    expect(named.Step.disabled).toBe(true);
  });
});
