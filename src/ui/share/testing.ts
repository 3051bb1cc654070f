// Query and event helpers for the share components' jsdom tests, on top of ../testing
// (render, typeInto): these components await the clipboard, files and IndexedDB, so
// clicks run inside an async act() and `settle` lets pending promises finish.
import { act } from 'react';

/** The accessible name of a control: aria-label, else its label or text. */
export function accessibleName(element: Element): string {
  const label = element.getAttribute('aria-label');
  if (label) return label;
  const id = element.getAttribute('id');
  const byFor = id ? element.ownerDocument.querySelector(`label[for="${id}"]`) : null;
  const wrapping = element.closest('label');
  return (byFor ?? wrapping ?? element).textContent?.trim() ?? '';
}

/** The one button with this accessible name (throws when there is none or several). */
export function button(container: HTMLElement, name: string | RegExp): HTMLButtonElement {
  const matches = Array.from(container.querySelectorAll('button')).filter((b) =>
    typeof name === 'string' ? accessibleName(b) === name : name.test(accessibleName(b)),
  );
  if (matches.length !== 1) {
    throw new Error(`expected one button named ${String(name)}, found ${matches.length}: ${Array.from(container.querySelectorAll('button'), accessibleName).join(' | ')}`);
  }
  return matches[0];
}

export function byRole(container: HTMLElement, role: string): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>(`[role="${role}"]`));
}

export async function click(element: HTMLElement): Promise<void> {
  await act(async () => {
    element.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
  });
}

/** Lets pending promises (and the renders they cause) finish. */
export async function settle(): Promise<void> {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

/**
 * Longest wait for a condition. Generous on purpose: how many turns of the event loop
 * IndexedDB or a lazily loaded chunk needs depends on how busy the machine is, so the wait
 * is on the state, with this only as the ceiling for a condition that never comes.
 */
const SETTLE_TIMEOUT_MS = 20_000;

/** Settles until `done()` holds; throws if it still does not after SETTLE_TIMEOUT_MS. */
export async function settleUntil(done: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + SETTLE_TIMEOUT_MS;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`gave up waiting ${SETTLE_TIMEOUT_MS} ms for ${what}`);
    await settle();
  }
}
