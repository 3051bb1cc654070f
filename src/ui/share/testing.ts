// Small helpers for component tests under jsdom (no testing library is installed):
// mount a React element, query by role and accessible text, and fire events inside act().
import { act, type ReactElement } from 'react';
import { createRoot } from 'react-dom/client';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export interface Mounted {
  container: HTMLElement;
  rerender(element: ReactElement): Promise<void>;
  unmount(): Promise<void>;
}

export async function mount(element: ReactElement): Promise<Mounted> {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  await act(async () => root.render(element));
  return {
    container,
    rerender: (next) => act(async () => root.render(next)),
    unmount: async () => {
      await act(async () => root.unmount());
      container.remove();
    },
  };
}

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
  if (matches.length !== 1) throw new Error(`expected one button named ${String(name)}, found ${matches.length}: ${Array.from(container.querySelectorAll('button'), accessibleName).join(' | ')}`);
  return matches[0];
}

export function queryButton(container: HTMLElement, name: string): HTMLButtonElement | null {
  return Array.from(container.querySelectorAll('button')).find((b) => accessibleName(b) === name) ?? null;
}

export function byRole(container: HTMLElement, role: string): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>(`[role="${role}"]`));
}

export async function click(element: HTMLElement): Promise<void> {
  await act(async () => {
    element.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
  });
}

/** Sets an input's value the way a user would, so React's onChange sees it. */
export async function type(input: HTMLInputElement, value: string): Promise<void> {
  await act(async () => {
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
    setter?.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** Lets pending promises (and the effects they trigger) settle. */
export async function settle(): Promise<void> {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}
