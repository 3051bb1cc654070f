// Keyboard shortcuts of the lab, as a pure mapping from a key event to an action so the
// rules (which keys, when they are ignored) are testable without a DOM.
import { MIN_SPEED } from '../core/playback';

export type ShortcutAction = 'toggleTrain' | 'step' | 'prune' | 'fineTune' | 'reset' | 'faster' | 'slower' | 'help';

export interface Shortcut {
  /** What the help dialog shows for the key. */
  keyLabel: string;
  action: ShortcutAction;
  description: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keyLabel: 'Space', action: 'toggleTrain', description: 'Train / pause' },
  { keyLabel: 's', action: 'step', description: 'Take one step' },
  { keyLabel: 'p', action: 'prune', description: 'Prune the columns below τ' },
  { keyLabel: 'f', action: 'fineTune', description: 'Fine-tune the pruned model' },
  { keyLabel: 'r', action: 'reset', description: 'Reset to U₀ (same data and seeds)' },
  { keyLabel: '+', action: 'faster', description: 'Play faster (up to full speed)' },
  { keyLabel: '-', action: 'slower', description: `Play slower (down to ${MIN_SPEED} steps per second)` },
  { keyLabel: '?', action: 'help', description: 'Show this help' },
];

/** The parts of a KeyboardEvent the mapping looks at. */
export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  target?: TargetInfo | null;
}

/** The parts of the event target that decide whether the key belongs to it. */
export interface TargetInfo {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
}

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number', 'date', 'time']);

/** Whether typing in this element produces text, so letters must reach it untouched. */
export function isTextEntry(target: TargetInfo | null | undefined): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = (target.tagName ?? '').toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && TEXT_INPUT_TYPES.has((target.type ?? 'text').toLowerCase());
}

/** Whether Space already activates this element (a button, checkbox, slider…). */
function spaceBelongsTo(target: TargetInfo | null | undefined): boolean {
  if (!target) return false;
  const tag = (target.tagName ?? '').toUpperCase();
  return tag === 'BUTTON' || tag === 'INPUT' || tag === 'SUMMARY' || tag === 'A';
}

const LETTER_ACTIONS: Record<string, ShortcutAction> = { s: 'step', p: 'prune', f: 'fineTune', r: 'reset', '+': 'faster', '=': 'faster', '-': 'slower', '?': 'help' };

/** The action a key press triggers, or null when the key belongs to something else. */
export function shortcutFor(event: KeyInput): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (isTextEntry(event.target)) return null;
  if (event.key === ' ' || event.key === 'Spacebar') {
    return spaceBelongsTo(event.target) ? null : 'toggleTrain';
  }
  return LETTER_ACTIONS[event.key.length === 1 ? event.key.toLowerCase() : event.key] ?? null;
}
