// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, describe, expect, it, vi, beforeEach } from 'vitest';
import { createLabStore, type LabStore } from '../state/store';
import { PANELS, type PanelId } from '../state/view';
import { render, type Rendered } from './testing';
import { PANEL_REGIONS, usePanelFromLink } from './usePanelFromLink';

let store: LabStore;
beforeEach(() => {
  store = createLabStore();
});

let page: Rendered | null = null;
afterEach(() => {
  page?.unmount();
  page = null;
});

function Probe({ active }: { active: boolean }) {
  usePanelFromLink(active);
  return (
    <>
      {Array.from(new Set(Object.values(PANEL_REGIONS)), (region) => (
        <section key={region} aria-label={region} />
      ))}
    </>
  );
}

/** Opens the probe with `panel` in the view and returns the regions that were scrolled to. */
async function scrolledFor(panel: PanelId, active = true): Promise<string[]> {
  store.setState((s) => ({ view: { ...s.view, panel } }));
  const scrolled: string[] = [];
  const spy = vi.fn(function (this: Element) {
    scrolled.push(this.getAttribute('aria-label') ?? '');
  });
  Element.prototype.scrollIntoView = spy;
  page = render(<Probe active={active} />, store);
  await act(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
  page.unmount();
  page = null;
  return scrolled;
}

describe('usePanelFromLink', () => {
  it('names a region for every panel a link can name', () => {
    expect(Object.keys(PANEL_REGIONS).sort()).toEqual([...PANELS].sort());
  });

  it('scrolls the named panel into view once the page is laid out', async () => {
    expect(await scrolledFor('heatmap')).toEqual(['Heatmap of U']);
    expect(await scrolledFor('fraction')).toEqual(['Distribution of column norms']);
  });

  it('leaves the page at the top for the default panel or when the lab is not shown', async () => {
    expect(await scrolledFor('norms')).toEqual([]);
    expect(await scrolledFor('curves', false)).toEqual([]);
  });
});
