import { useState, type ChangeEvent, type FocusEvent, type KeyboardEvent } from 'react';

/**
 * A text input that edits a draft and applies it only on Enter or when focus leaves
 * (Escape drops it), so a half-typed number is neither validated nor applied keystroke by
 * keystroke. `shown` is what the input displays while there is no draft.
 */
export function useDraftText(shown: string, apply: (text: string) => void) {
  const [draft, setDraft] = useState<string | null>(null);
  const submit = (text: string) => {
    setDraft(null);
    apply(text);
  };
  return {
    submit,
    /** Drops the draft, e.g. when the value is set another way (a slider). */
    discard: () => setDraft(null),
    inputProps: {
      value: draft ?? shown,
      onChange: (event: ChangeEvent<HTMLInputElement>) => setDraft(event.target.value),
      onBlur: (event: FocusEvent<HTMLInputElement>) => {
        if (draft !== null) submit(event.target.value);
      },
      onKeyDown: (event: KeyboardEvent<HTMLInputElement>) => {
        if (event.key === 'Enter') submit(event.currentTarget.value);
        if (event.key === 'Escape') setDraft(null);
      },
    },
  };
}
