import { useId } from 'react';
import { formatNumber } from '../format';
import { useDraftText } from './useDraftText';

/** The τ slider spans this many decades on each side of the derived default √(2β). */
const TAU_SLIDER_DECADES = 3;
/** Slider resolution in decades. */
const TAU_SLIDER_STEP = 0.01;

export interface TauControlProps {
  /** The τ in effect (config.tau or the default). */
  tau: number;
  /** Whether τ is the derived default √(2β). */
  isDefault: boolean;
  defaultTau: number;
  /** The schema's message for a refused typed value. */
  error?: string;
  /** Validates and applies τ (null: back to the default); returns whether it was accepted. */
  onTau: (raw: unknown) => boolean;
}

/**
 * The pruning threshold: a log-scaled slider named "Pruning threshold" (the store holds τ,
 * so it stays in sync with the draggable line of the column-norms chart), an exact value
 * field checked with the schema, and a way back to the derived default.
 */
export function TauControl({ tau, isDefault, defaultTau, error, onTau }: TauControlProps) {
  const id = useId();
  const center = Math.log10(defaultTau);
  const low = center - TAU_SLIDER_DECADES;
  const high = center + TAU_SLIDER_DECADES;
  const position = Math.min(high, Math.max(low, Math.log10(tau)));
  const text = useDraftText(String(Number(tau.toPrecision(4))), onTau);

  return (
    <div className="pl-tau-control">
      <label htmlFor={`${id}-slider`} className="pl-field-label">
        Pruning threshold
      </label>
      <input
        id={`${id}-slider`}
        type="range"
        min={low}
        max={high}
        step={TAU_SLIDER_STEP}
        value={position}
        aria-valuetext={`τ = ${formatNumber(tau)}`}
        onChange={(event) => onTau(10 ** Number(event.target.value))}
      />
      <input
        type="text"
        inputMode="decimal"
        className="pl-tau-value"
        aria-label="τ value"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...text.inputProps}
      />
      <button type="button" disabled={isDefault} onClick={() => onTau(null)} aria-label="Use the default τ = √(2β)">
        √(2β)
      </button>
      <small className="pl-field-help">
        Derived default √(2β) = {formatNumber(defaultTau)}; drag the line on the column-norms chart or this slider.
      </small>
      {error ? (
        <span id={`${id}-error`} className="pl-field-error" aria-live="polite">
          {error}
        </span>
      ) : null}
    </div>
  );
}
