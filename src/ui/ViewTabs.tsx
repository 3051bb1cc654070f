import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

const VIEW_TABS = [
  { id: 'lab', label: 'Lab' },
  { id: 'sweep', label: 'Sweep' },
] as const;
export type ViewTab = (typeof VIEW_TABS)[number]['id'];

export const tabId = (tab: ViewTab): string => `pl-tab-${tab}`;
export const tabPanelId = (tab: ViewTab): string => `pl-tabpanel-${tab}`;

/** The tab named by the address's fragment ("#sweep"); the lab otherwise. */
export function tabFromHash(hash: string): ViewTab {
  return VIEW_TABS.find((tab) => tab.id !== 'lab' && hash === `#${tab.id}`)?.id ?? 'lab';
}

/**
 * The shown tab, kept in the address's fragment so a copied link (and the back of a reload)
 * opens the same tab; the query string, which holds the run's settings, is left alone.
 * With `enabled` false (the tabs are hidden) the lab is always shown.
 */
export function useViewTab(enabled: boolean): [ViewTab, (tab: ViewTab) => void] {
  const [tab, setTab] = useState<ViewTab>(() => tabFromHash(window.location.hash));
  useEffect(() => {
    const follow = () => setTab(tabFromHash(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  const select = (next: ViewTab) => {
    setTab(next);
    const { pathname, search } = window.location;
    window.history.replaceState(window.history.state, '', `${pathname}${search}${next === 'lab' ? '' : `#${next}`}`);
  };
  return [enabled ? tab : 'lab', select];
}

export interface ViewTabsProps {
  tab: ViewTab;
  onSelect: (tab: ViewTab) => void;
}

/** "Lab" / "Sweep": an ARIA tab list (arrow keys, Home and End move between the tabs). */
export function ViewTabs({ tab, onSelect }: ViewTabsProps) {
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const move = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const last = VIEW_TABS.length - 1;
    const target =
      event.key === 'ArrowRight' ? (index === last ? 0 : index + 1)
        : event.key === 'ArrowLeft' ? (index === 0 ? last : index - 1)
          : event.key === 'Home' ? 0
            : event.key === 'End' ? last
              : null;
    if (target === null) return;
    event.preventDefault();
    onSelect(VIEW_TABS[target].id);
    buttons.current[target]?.focus();
  };
  return (
    <nav className="pl-tabs-bar" aria-label="Views">
      <div className="pl-tabs" role="tablist" aria-label="Views">
        {VIEW_TABS.map((item, index) => (
          <button
            key={item.id}
            ref={(element) => {
              buttons.current[index] = element;
            }}
            type="button"
            role="tab"
            id={tabId(item.id)}
            aria-selected={tab === item.id}
            aria-controls={tabPanelId(item.id)}
            tabIndex={tab === item.id ? 0 : -1}
            onClick={() => onSelect(item.id)}
            onKeyDown={(event) => move(event, index)}
          >
            {item.label}
          </button>
        ))}
      </div>
    </nav>
  );
}
