import { useEffect, useRef } from 'react';
import { shortcutFor, type ShortcutAction } from './shortcuts';

/**
 * Runs `handlers[action]` for the lab's keyboard shortcuts on the whole page, unless the
 * key belongs to a focused field or `enabled` is false (e.g. while a dialog is open).
 */
export function useShortcuts(handlers: Record<ShortcutAction, () => void>, enabled: boolean): void {
  const handlersRef = useRef(handlers);
  useEffect(() => {
    handlersRef.current = handlers;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      const action = shortcutFor({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        target: target && { tagName: target.tagName, type: target.getAttribute('type') ?? undefined, isContentEditable: target.isContentEditable },
      });
      if (!action) return;
      event.preventDefault();
      handlersRef.current[action]();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
