// Helpers for the jsdom component tests: render with react-dom/client inside act() under a
// lab store of the test's own, and type into a controlled input the way a browser does (so
// React's onChange fires).
import { act, createElement, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { createLabStore, LabStoreProvider, type LabStore, type LaneSummary } from '../state/store';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean | undefined;
}

export interface Rendered {
  container: HTMLDivElement;
  /** The lab store the node was rendered under. */
  store: LabStore;
  unmount(): void;
}

/** Renders `node` under `store` (a fresh lab store by default). */
export function render(node: ReactNode, store: LabStore = createLabStore()): Rendered {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
  const container = document.createElement('div');
  document.body.appendChild(container);
  let root: Root | null = null;
  act(() => {
    root = createRoot(container);
    root.render(createElement(LabStoreProvider, { store }, node));
  });
  return {
    container,
    store,
    unmount() {
      act(() => root?.unmount());
      container.remove();
    },
  };
}

/** The form control a <label> with exactly this text points to. */
export function controlByLabel<T extends HTMLElement = HTMLInputElement>(container: HTMLElement, text: string): T {
  const label = Array.from(container.querySelectorAll('label')).find((l) => l.textContent?.trim() === text);
  const control = label?.htmlFor ? container.ownerDocument.getElementById(label.htmlFor) : null;
  if (!control) throw new Error(`no control labelled "${text}"`);
  return control as T;
}

/** Sets an input's value through the native setter (React tracks the last value it saw) and fires `input`. */
export function typeInto(input: HTMLInputElement, value: string): void {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  act(() => {
    setter?.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export function pressKey(target: HTMLElement, key: string): void {
  act(() => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });
}

/** The text of the elements an element's aria-describedby points to. */
export function description(element: HTMLElement): string {
  const ids = (element.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  return ids.map((id) => element.ownerDocument.getElementById(id)?.textContent ?? '').join(' ');
}

/** A lane summary mid-way through phase 1 of the classroom run; tests patch what they look at. */
export function laneSummary(patch: Partial<LaneSummary> = {}): LaneSummary {
  return {
    state: 'active',
    phase: 'train',
    step: 4000,
    k: 30,
    loss: 0.5,
    objective: 0.6,
    testError: 0.05,
    relativeTestError: 0.03,
    gradNorm: 0.1,
    aboveTau: 3,
    fractionAtHalfMax: 0.1,
    milestones: { beforePrune: 0.05, afterPrune: null, afterFineTune: null },
    largestColumnsTestError: null,
    largestColumnsFineTunedTestError: null,
    heldOutLoss: null,
    heldOutMilestones: { beforePrune: null, afterFineTune: null },
    ...patch,
  };
}

/** The button whose text is exactly `name`; throws when there is none. */
export function buttonNamed(container: HTMLElement, name: string): HTMLButtonElement {
  const found = Array.from(container.querySelectorAll('button')).find((b) => b.textContent === name);
  if (!found) throw new Error(`no button named "${name}"`);
  return found;
}

/** A bubbling click inside act(), so React handles it and flushes its updates. */
export function click(element: Element): void {
  act(() => {
    element.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  });
}
