// @vitest-environment jsdom
import { act, useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { pressKey, render, type Rendered } from './testing';
import { tabFromHash, tabPanelId, useViewTab, ViewTabs, type ViewTab } from './ViewTabs';

let page: Rendered | null = null;
afterEach(() => {
  page?.unmount();
  page = null;
  window.history.replaceState(null, '', '/');
});

const tabs = (container: HTMLElement) => Array.from(container.querySelectorAll<HTMLButtonElement>('[role="tab"]'));

function Controlled() {
  const [tab, setTab] = useState<ViewTab>('lab');
  return <ViewTabs tab={tab} onSelect={setTab} />;
}

function Page({ enabled }: { enabled: boolean }) {
  const [tab, setTab] = useViewTab(enabled);
  return (
    <>
      <ViewTabs tab={tab} onSelect={setTab} />
      <output>{tab}</output>
    </>
  );
}

describe('ViewTabs', () => {
  it('reads the tab from the fragment, the lab for anything else', () => {
    expect(tabFromHash('#sweep')).toBe('sweep');
    expect(tabFromHash('')).toBe('lab');
    expect(tabFromHash('#lab')).toBe('lab');
    expect(tabFromHash('#nonsense')).toBe('lab');
  });

  it('is an ARIA tab list: one selected tab in the tab order, each controlling its panel', () => {
    page = render(<Controlled />);
    const [lab, sweep] = tabs(page.container);
    expect([lab.textContent, sweep.textContent]).toEqual(['Lab', 'Sweep']);
    expect(lab.getAttribute('aria-selected')).toBe('true');
    expect([lab.tabIndex, sweep.tabIndex]).toEqual([0, -1]);
    expect(sweep.getAttribute('aria-controls')).toBe(tabPanelId('sweep'));
  });

  it('moves with the arrow keys, Home and End, and focuses the chosen tab', () => {
    page = render(<Controlled />);
    const [lab, sweep] = tabs(page.container);
    lab.focus();
    pressKey(lab, 'ArrowRight');
    expect(sweep.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(sweep);
    pressKey(sweep, 'ArrowRight');
    expect(lab.getAttribute('aria-selected')).toBe('true');
    pressKey(lab, 'End');
    expect(sweep.getAttribute('aria-selected')).toBe('true');
    pressKey(sweep, 'Home');
    expect(lab.getAttribute('aria-selected')).toBe('true');
  });

  it('keeps the tab in the fragment and leaves the query alone', () => {
    window.history.replaceState(null, '', '/?d=40#sweep');
    page = render(<Page enabled />);
    expect(page.container.querySelector('output')?.textContent).toBe('sweep');
    act(() => tabs(page!.container)[0].click());
    expect(window.location.search + window.location.hash).toBe('?d=40');
    act(() => tabs(page!.container)[1].click());
    expect(window.location.search + window.location.hash).toBe('?d=40#sweep');
  });

  it('shows the lab whatever the fragment says when the tabs are hidden (hide=sweep)', () => {
    window.history.replaceState(null, '', '/#sweep');
    page = render(<Page enabled={false} />);
    expect(page.container.querySelector('output')?.textContent).toBe('lab');
  });
});
