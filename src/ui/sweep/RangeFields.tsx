import { useId } from 'react';
import { MAX_GRID_SIDE, validateRange, type LogRange } from '../../core/sweep';

/** What the user typed for a log range, kept as text so a half-typed value stays visible. */
export interface RangeDraft {
  min: string;
  max: string;
  count: string;
}

export const draftOf = (range: LogRange): RangeDraft => ({ min: String(range.min), max: String(range.max), count: String(range.count) });

const toNumber = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text.trim()));

/** The draft as a range and the schema's complaints about it (empty when it can run). */
export function parseDraft(key: 'lambda' | 'beta', draft: RangeDraft): { range: LogRange; errors: string[] } {
  const range = { min: toNumber(draft.min), max: toNumber(draft.max), count: toNumber(draft.count) };
  return { range, errors: validateRange(key, range) };
}

interface RangeFieldsProps {
  /** "λ" or "β". */
  symbol: string;
  draft: RangeDraft;
  errors: readonly string[];
  disabled?: boolean;
  onChange(draft: RangeDraft): void;
}

/** From / to / points of one log-spaced axis, with the validation messages under them. */
export function RangeFields({ symbol, draft, errors, disabled, onChange }: RangeFieldsProps) {
  const id = useId();
  const errorId = `${id}-errors`;
  const invalid = errors.length > 0 ? true : undefined;
  const field = (part: keyof RangeDraft, label: string, inputMode: 'decimal' | 'numeric') => (
    <div className="pl-field pl-sweep-range-field">
      <label className="pl-field-label" htmlFor={`${id}-${part}`}>
        {label}
      </label>
      <input
        id={`${id}-${part}`}
        type="text"
        inputMode={inputMode}
        autoComplete="off"
        spellCheck={false}
        value={draft[part]}
        disabled={disabled}
        aria-invalid={invalid}
        aria-describedby={invalid ? errorId : undefined}
        onChange={(event) => onChange({ ...draft, [part]: event.target.value })}
      />
    </div>
  );
  return (
    <fieldset className="pl-group pl-sweep-range">
      <legend>{symbol} (log-spaced)</legend>
      {field('min', `${symbol} from`, 'decimal')}
      {field('max', `${symbol} to`, 'decimal')}
      {field('count', `${symbol} points (2–${MAX_GRID_SIDE})`, 'numeric')}
      {invalid ? (
        <p className="pl-field-error" id={errorId} role="alert">
          {errors.join(' ')}
        </p>
      ) : null}
    </fieldset>
  );
}
