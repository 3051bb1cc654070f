import type { ReactNode } from 'react';

export interface FoldProps {
  /** Fold the children away behind `summary` (presenter mode); otherwise show them as they are. */
  folded: boolean;
  summary: string;
  className?: string;
  children: ReactNode;
}

/** Parts of the page presenter mode folds into a <details>, still one click (or Enter) away. */
export function Fold({ folded, summary, className, children }: FoldProps) {
  if (!folded) return <>{children}</>;
  return (
    <details className={className ? `pl-fold ${className}` : 'pl-fold'}>
      <summary>{summary}</summary>
      {children}
    </details>
  );
}
