// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CopyLinkButton } from './CopyLinkButton';
import { render, type Rendered } from '../testing';
import { button, byRole, click, settle } from './testing';

let mounted: Rendered | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

function setClipboard(writeText: ((text: string) => Promise<void>) | undefined): void {
  Object.defineProperty(navigator, 'clipboard', { value: writeText ? { writeText } : undefined, configurable: true });
}

function setExecCommand(result: boolean | Error): ReturnType<typeof vi.fn> {
  const exec = vi.fn(() => {
    if (result instanceof Error) throw result;
    return result;
  });
  Object.defineProperty(document, 'execCommand', { value: exec, configurable: true });
  return exec;
}

describe('CopyLinkButton', () => {
  it('copies the link with the Clipboard API and announces it', async () => {
    const writeText = vi.fn(async () => undefined);
    setClipboard(writeText);
    mounted = render(<CopyLinkButton getLink={() => 'https://lab.example/?d=30&seed=7'} />);
    const status = byRole(mounted.container, 'status')[0];
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(status.textContent).toBe('');
    await click(button(mounted.container, 'Copy link'));
    await settle();
    expect(writeText).toHaveBeenCalledWith('https://lab.example/?d=30&seed=7');
    expect(status.textContent).toBe('Link copied');
  });

  it('copies the page address by default', async () => {
    const writeText = vi.fn(async () => undefined);
    setClipboard(writeText);
    mounted = render(<CopyLinkButton />);
    await click(button(mounted.container, 'Copy link'));
    expect(writeText).toHaveBeenCalledWith(window.location.href);
  });

  it('falls back to a selection copy when the Clipboard API refuses', async () => {
    setClipboard(async () => {
      throw new DOMException('Document is not focused.', 'NotAllowedError');
    });
    const exec = setExecCommand(true);
    mounted = render(<CopyLinkButton getLink={() => 'https://lab.example/?k=40'} />);
    await click(button(mounted.container, 'Copy link'));
    await settle();
    expect(exec).toHaveBeenCalledWith('copy');
    expect(byRole(mounted.container, 'status')[0].textContent).toBe('Link copied');
    expect(document.querySelector('textarea')).toBeNull();
  });

  it('shows the link selected for a manual copy when nothing else works', async () => {
    setClipboard(undefined);
    setExecCommand(new Error('not supported'));
    mounted = render(<CopyLinkButton getLink={() => 'https://lab.example/?r=3'} />);
    await click(button(mounted.container, 'Copy link'));
    await settle();
    expect(byRole(mounted.container, 'status')[0].textContent).toMatch(/^Copying was blocked; the link is selected below/);
    const field = mounted.container.querySelector('input') as HTMLInputElement;
    expect(field.value).toBe('https://lab.example/?r=3');
    expect(field.getAttribute('aria-label')).toBe('Link to this run');
    expect(document.activeElement === field || field.selectionEnd === field.value.length).toBe(true);
  });

  it('clears the confirmation after a few seconds', async () => {
    vi.useFakeTimers();
    setClipboard(async () => undefined);
    mounted = render(<CopyLinkButton getLink={() => 'x'} />);
    await click(button(mounted.container, 'Copy link'));
    expect(byRole(mounted.container, 'status')[0].textContent).toBe('Link copied');
    await act(async () => {
      vi.advanceTimersByTime(3000);
    });
    expect(byRole(mounted.container, 'status')[0].textContent).toBe('');
  });
});
