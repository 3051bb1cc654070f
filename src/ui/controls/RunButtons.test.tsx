// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { render, type Rendered } from '../testing';
import type { RunCommands } from '../useRunCommands';
import { RunButtons } from './RunButtons';

let page: Rendered | null = null;
afterEach(() => page?.unmount());

const noop = () => undefined;
const commands = (patch: Partial<RunCommands>): RunCommands => ({
  running: false,
  ready: true,
  pruned: false,
  canPrune: false,
  canFineTune: false,
  toggleTrain: noop,
  step: noop,
  reset: noop,
  prune: noop,
  fineTune: noop,
  ...patch,
});

const buttons = (container: HTMLElement) =>
  Object.fromEntries(Array.from(container.querySelectorAll('button')).map((b) => [b.textContent, b]));

describe('RunButtons', () => {
  it('has exactly the names Train, Step, Reset, Prune, Fine-tune', () => {
    page = render(<RunButtons commands={commands({})} />);
    expect(Object.keys(buttons(page.container))).toEqual(['Train', 'Step', 'Reset', 'Prune', 'Fine-tune']);
  });

  it('turns Train into Pause while running and disables Step', () => {
    page = render(<RunButtons commands={commands({ running: true, canPrune: true })} />);
    const named = buttons(page.container);
    expect(named.Pause).toBeDefined();
    expect(named.Train).toBeUndefined();
    expect(named.Step.disabled).toBe(true);
    expect(named.Prune.disabled).toBe(false);
    expect(named['Fine-tune'].disabled).toBe(true);
  });

  it('enables Fine-tune only after pruning', () => {
    page = render(<RunButtons commands={commands({ pruned: true, canFineTune: true })} />);
    const named = buttons(page.container);
    expect(named['Fine-tune'].disabled).toBe(false);
    expect(named.Prune.disabled).toBe(true);
  });
});
