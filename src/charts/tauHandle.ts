// The τ line's focusable handle (HTML, outside the role="img" svg, so assistive technology
// sees it) and the rule every moved τ goes through: on the axis and a valid threshold.
import type { ScaleContinuousNumeric } from 'd3';
import { HANDLE_SIZE } from './columnNormsFigure';
import { COLORS, formatValue } from './theme';

/** Keyboard steps of τ, in decades (ten presses of the arrow key multiply τ by ≈ 1.58). */
const SMALL_LOG_STEP = 0.02;
const LARGE_LOG_STEP = 0.2;
/** Significant digits of a dragged τ: those its label shows, so chart, field and label read alike. */
const DRAGGED_DIGITS = 3;

/**
 * A τ moved by the reader, made valid: inside the axis, strictly positive (the schema refuses
 * τ = 0, the bottom of a linear axis, so the lowest τ is one pixel above it) and rounded to
 * the digits the label shows.
 */
export function validDraggedTau(value: number, y: ScaleContinuousNumeric<number, number>): number {
  const [lo, hi] = y.domain() as [number, number];
  const lowest = lo > 0 ? lo : y.invert((y.range()[0] as number) - 1);
  const clamped = Math.min(hi, Math.max(lowest, Number.isFinite(value) ? value : lowest));
  const rounded = Number(clamped.toPrecision(DRAGGED_DIGITS));
  if (rounded < lowest) return roundedTo(lowest, Math.ceil);
  if (rounded > hi) return roundedTo(hi, Math.floor);
  return rounded;
}

/** `value` rounded to DRAGGED_DIGITS significant digits in the direction of `round`. */
function roundedTo(value: number, round: (x: number) => number): number {
  const unit = 10 ** (Math.floor(Math.log10(value)) - DRAGGED_DIGITS + 1);
  return Number((round(value / unit) * unit).toPrecision(DRAGGED_DIGITS));
}

export interface TauHandle {
  element: HTMLDivElement;
  /** Moves the handle to (left, top) in the wrapper and updates its slider semantics. */
  place(left: number, top: number, tau: number, domain: [number, number]): void;
}

/** A step of τ from the keyboard: the current τ and the axis domain to the next τ. */
type KeyStep = (tau: number, domain: [number, number]) => number;

function keyStep(event: KeyboardEvent): KeyStep | null {
  const factor = (decades: number): KeyStep => (tau, [lo, hi]) => (tau > 0 ? tau : Math.max(lo, hi * 1e-3)) * 10 ** decades;
  const small = event.shiftKey ? LARGE_LOG_STEP : SMALL_LOG_STEP;
  switch (event.key) {
    case 'ArrowUp':
    case 'ArrowRight':
      return factor(small);
    case 'ArrowDown':
    case 'ArrowLeft':
      return factor(-small);
    case 'PageUp':
      return factor(LARGE_LOG_STEP);
    case 'PageDown':
      return factor(-LARGE_LOG_STEP);
    case 'Home':
      return (_, [lo]) => lo;
    case 'End':
      return (_, [, hi]) => hi;
    default:
      return null;
  }
}

export function createTauHandle(wrapper: HTMLElement, onStep: (step: KeyStep) => void): TauHandle {
  const element = document.createElement('div');
  element.className = 'pl-tau-handle';
  element.tabIndex = 0;
  element.setAttribute('role', 'slider');
  element.setAttribute('aria-label', 'Pruning threshold line');
  element.setAttribute('aria-orientation', 'vertical');
  Object.assign(element.style, {
    position: 'absolute',
    width: `${HANDLE_SIZE}px`,
    height: `${HANDLE_SIZE}px`,
    borderRadius: '50%',
    background: COLORS.threshold,
    border: `2px solid ${COLORS.background}`,
    boxShadow: '0 0 0 1px rgba(0,0,0,0.25)',
    cursor: 'ns-resize',
    touchAction: 'none',
    boxSizing: 'border-box',
  });
  wrapper.appendChild(element);
  element.addEventListener('keydown', (event) => {
    const step = keyStep(event);
    if (!step) return;
    event.preventDefault();
    onStep(step);
  });
  return {
    element,
    place(left, top, tau, [lo, hi]) {
      element.style.left = `${left - HANDLE_SIZE / 2}px`;
      element.style.top = `${top - HANDLE_SIZE / 2}px`;
      element.setAttribute('aria-valuemin', String(lo));
      element.setAttribute('aria-valuemax', String(hi));
      element.setAttribute('aria-valuenow', String(tau));
      element.setAttribute('aria-valuetext', `τ = ${formatValue(tau)}`);
    },
  };
}
