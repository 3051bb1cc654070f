import { useId, useState } from 'react';
import { FIELDS, type ConfigKey, type RunConfig } from '../../core/config';
import { CONTINUOUS_SLIDER_KEYS, fieldText } from './fieldText';
import { LOG_SLIDER_DECADES, logChoices, nearestChoice } from './logScale';
import { useDraftText } from './useDraftText';

export interface ConfigFieldProps {
  name: ConfigKey;
  value: RunConfig[ConfigKey];
  /** A refused value the store keeps so the field can go on showing it. */
  refusedText?: string;
  /** The schema's message for the refused value. */
  error?: string;
  /** Validates and applies a raw value; returns whether it was accepted. */
  onSubmit: (key: ConfigKey, raw: unknown) => boolean;
  /** Shown in the empty input of a nullable field, e.g. what the default is. */
  placeholder?: string;
  disabled?: boolean;
  /** A theory note under the field (bounds of math.md §5). */
  note?: { text: string; warning: boolean } | null;
}

/**
 * One configuration field generated from its schema entry: label, description as help
 * text, a text input applied on Enter or when focus leaves it, and a slider over
 * log-spaced choices where the values span decades. A refused value stays visible with
 * the schema's message (aria-invalid, aria-describedby) and is not applied.
 */
export function ConfigField({ name, value, refusedText, error, onSubmit, placeholder, disabled, note }: ConfigFieldProps) {
  const spec = FIELDS[name];
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const noteId = `${id}-note`;
  const text = useDraftText(refusedText ?? fieldText(value), (raw) => onSubmit(name, raw));

  const describedBy = [helpId, note ? noteId : null, error ? errorId : null].filter(Boolean).join(' ');
  const common = {
    id,
    disabled,
    'aria-describedby': describedBy,
    'aria-invalid': error ? true : undefined,
  } as const;

  let control;
  if (spec.type === 'enum') {
    control = (
      <select {...common} value={String(value)} onChange={(event) => text.submit(event.target.value)}>
        {spec.options.map((option) => (
          <option key={option} value={option}>
            {spec.optionLabels?.[option] ?? option}
          </option>
        ))}
      </select>
    );
  } else {
    control = (
      <input
        {...common}
        type="text"
        inputMode={spec.type === 'int' ? 'numeric' : 'decimal'}
        autoComplete="off"
        spellCheck={false}
        placeholder={placeholder}
        {...text.inputProps}
      />
    );
  }

  return (
    <div className="pl-field">
      <label htmlFor={id} className="pl-field-label">
        {spec.label}
      </label>
      {control}
      {spec.type !== 'enum' && spec.type !== 'list' && spec.logScale && !spec.nullable ? (
        <LogSlider
          label={spec.label}
          low={spec.min > 0 ? spec.min : spec.max * 10 ** -LOG_SLIDER_DECADES}
          high={spec.max}
          includeZero={spec.min === 0 && spec.minInclusive}
          value={typeof value === 'number' ? value : 0}
          continuous={CONTINUOUS_SLIDER_KEYS.has(name)}
          disabled={disabled}
          onValue={(next) => {
            text.discard();
            onSubmit(name, next);
          }}
        />
      ) : null}
      <small id={helpId} className="pl-field-help">
        {spec.description}
      </small>
      {note ? (
        <small id={noteId} className={note.warning ? 'pl-theory-note pl-warning' : 'pl-theory-note'}>
          {note.text}
        </small>
      ) : null}
      {error ? (
        <span id={errorId} className="pl-field-error" aria-live="polite">
          {error}
        </span>
      ) : null}
    </div>
  );
}

interface LogSliderProps {
  label: string;
  low: number;
  high: number;
  includeZero: boolean;
  value: number;
  continuous: boolean;
  disabled?: boolean;
  onValue: (value: number) => void;
}

/** A slider over 1-2-5 choices; unless continuous, a new value applies only on release. */
function LogSlider({ label, low, high, includeZero, value, continuous, disabled, onValue }: LogSliderProps) {
  const choices = logChoices(low, high, includeZero);
  const [held, setHeld] = useState<number | null>(null);
  const index = held ?? nearestChoice(choices, value);
  const release = () => {
    if (held !== null) onValue(choices[held]);
    setHeld(null);
  };
  return (
    <input
      type="range"
      className="pl-log-slider"
      aria-label={`${label}, log scale`}
      aria-valuetext={String(choices[index])}
      min={0}
      max={choices.length - 1}
      step={1}
      value={index}
      disabled={disabled}
      onChange={(event) => {
        const next = Number(event.target.value);
        if (continuous) onValue(choices[next]);
        else setHeld(next);
      }}
      onPointerUp={release}
      onKeyUp={release}
      onBlur={release}
    />
  );
}
