import { useEffect, useRef, useState } from 'react';

export interface CopyLinkButtonProps {
  /** The link to copy; the page's current address (which holds every parameter and seed) by default. */
  getLink?: () => string;
}

type CopyState = { kind: 'idle' } | { kind: 'copied' } | { kind: 'manual'; link: string };

/** How long "Link copied" stays visible. */
const CONFIRMATION_MS = 3000;

/** The pre-Clipboard-API way: select a hidden textarea and ask the document to copy. */
function copyWithSelection(text: string): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  try {
    return typeof document.execCommand === 'function' && document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

async function copyText(text: string): Promise<boolean> {
  if (navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Refused (no permission, not a secure context, document not focused): try the old way.
    }
  }
  return copyWithSelection(text);
}

/**
 * "Copy link": copies the shareable address. Says "Link copied" in a live region; when the
 * browser lets no script copy, shows the link selected so the user can copy it by hand.
 */
export function CopyLinkButton({ getLink = () => window.location.href }: CopyLinkButtonProps) {
  const [state, setState] = useState<CopyState>({ kind: 'idle' });
  const manualRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (state.kind === 'copied') {
      const timer = setTimeout(() => setState({ kind: 'idle' }), CONFIRMATION_MS);
      return () => clearTimeout(timer);
    }
    if (state.kind === 'manual') manualRef.current?.select();
    return undefined;
  }, [state]);

  const copy = async () => {
    const link = getLink();
    setState((await copyText(link)) ? { kind: 'copied' } : { kind: 'manual', link });
  };

  return (
    <span className="pl-copy-link">
      <button type="button" onClick={copy}>
        Copy link
      </button>
      <span role="status" aria-live="polite" className="pl-status">
        {state.kind === 'copied' ? 'Link copied' : state.kind === 'manual' ? 'Copying was blocked; the link is selected below, press Ctrl+C (⌘C) to copy it.' : ''}
      </span>
      {state.kind === 'manual' ? (
        <input ref={manualRef} className="pl-copy-link-manual" readOnly value={state.link} aria-label="Link to this run" onFocus={(e) => e.target.select()} />
      ) : null}
    </span>
  );
}
