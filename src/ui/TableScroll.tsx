import type { ReactNode } from 'react';

/**
 * A table that may be wider than its panel: it scrolls sideways inside this labelled region
 * (focusable, so the arrow keys can scroll it too), never the page; styles.css shades the
 * edge that has more columns behind it.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="pl-table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
