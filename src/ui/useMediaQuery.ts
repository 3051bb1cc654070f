import { useSyncExternalStore } from 'react';

/** The width below which the layout is a phone's (the same breakpoint as the styles'). */
export const PHONE_QUERY = '(max-width: 600px)';

/** Whether a CSS media query matches now, re-rendering when that changes (false without matchMedia). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      if (typeof window.matchMedia !== 'function') return () => undefined;
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => typeof window.matchMedia === 'function' && window.matchMedia(query).matches,
  );
}
