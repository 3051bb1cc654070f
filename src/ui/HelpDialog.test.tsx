// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { HelpDialog } from './HelpDialog';
import { SHORTCUTS } from './shortcuts';
import { pressKey, render, type Rendered } from './testing';

let page: Rendered | null = null;
afterEach(() => page?.unmount());

describe('HelpDialog', () => {
  it('lists every shortcut, takes focus when opened and closes on Escape', () => {
    let closed = 0;
    page = render(<HelpDialog open onClose={() => closed++} />);
    const dialog = page.container.querySelector('dialog');
    expect(dialog?.hasAttribute('open')).toBe(true);
    expect(dialog?.getAttribute('aria-labelledby')).toBe('pl-help-title');
    const text = dialog?.textContent ?? '';
    for (const shortcut of SHORTCUTS) {
      expect(text).toContain(shortcut.keyLabel);
      expect(text).toContain(shortcut.description);
    }
    expect(document.activeElement?.textContent).toBe('Close');
    pressKey(document.activeElement as HTMLElement, 'Escape');
    expect(closed).toBe(1);
  });

  it('stays closed until opened', () => {
    page = render(<HelpDialog open={false} onClose={() => undefined} />);
    expect(page.container.querySelector('dialog')?.hasAttribute('open')).toBe(false);
  });
});
