import { describe, expect, it } from 'vitest';
import { SHORTCUTS, isTextEntry, shortcutFor } from './shortcuts';

describe('shortcutFor', () => {
  it('maps the documented keys to their actions', () => {
    expect(shortcutFor({ key: ' ' })).toBe('toggleTrain');
    expect(shortcutFor({ key: 's' })).toBe('step');
    expect(shortcutFor({ key: 'p' })).toBe('prune');
    expect(shortcutFor({ key: 'f' })).toBe('fineTune');
    expect(shortcutFor({ key: 'r' })).toBe('reset');
    expect(shortcutFor({ key: '?' })).toBe('help');
    expect(shortcutFor({ key: '+' })).toBe('faster');
    expect(shortcutFor({ key: '=' })).toBe('faster');
    expect(shortcutFor({ key: '-' })).toBe('slower');
  });

  it('accepts capital letters (caps lock) but ignores other keys', () => {
    expect(shortcutFor({ key: 'S' })).toBe('step');
    expect(shortcutFor({ key: 'x' })).toBeNull();
    expect(shortcutFor({ key: 'Enter' })).toBeNull();
    expect(shortcutFor({ key: 'Escape' })).toBeNull();
  });

  it('leaves browser shortcuts with modifiers alone', () => {
    expect(shortcutFor({ key: 'r', ctrlKey: true })).toBeNull();
    expect(shortcutFor({ key: 'r', metaKey: true })).toBeNull();
    expect(shortcutFor({ key: 'p', altKey: true })).toBeNull();
  });

  it('does not fire while the user types in a text field', () => {
    const input = { tagName: 'INPUT', type: 'text' };
    expect(shortcutFor({ key: 's', target: input })).toBeNull();
    expect(shortcutFor({ key: ' ', target: input })).toBeNull();
    expect(shortcutFor({ key: 'r', target: { tagName: 'TEXTAREA' } })).toBeNull();
    expect(shortcutFor({ key: 'p', target: { tagName: 'DIV', isContentEditable: true } })).toBeNull();
    expect(shortcutFor({ key: 'f', target: { tagName: 'SELECT' } })).toBeNull();
  });

  it('lets Space activate a focused button or slider instead of toggling training', () => {
    expect(shortcutFor({ key: ' ', target: { tagName: 'BUTTON' } })).toBeNull();
    expect(shortcutFor({ key: ' ', target: { tagName: 'INPUT', type: 'range' } })).toBeNull();
    expect(shortcutFor({ key: ' ', target: { tagName: 'BODY' } })).toBe('toggleTrain');
    // Letters still work on a focused slider: it does not take text.
    expect(shortcutFor({ key: 'p', target: { tagName: 'INPUT', type: 'range' } })).toBe('prune');
  });

  it('documents every action it can return', () => {
    const keys = [' ', 's', 'p', 'f', 'r', '+', '-', '?'];
    const actions = keys.map((key) => shortcutFor({ key }));
    expect(new Set(actions)).toEqual(new Set(SHORTCUTS.map((s) => s.action)));
  });
});

describe('isTextEntry', () => {
  it('treats text-like inputs as text entry and others not', () => {
    expect(isTextEntry({ tagName: 'input' })).toBe(true);
    expect(isTextEntry({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTextEntry({ tagName: 'BUTTON' })).toBe(false);
    expect(isTextEntry(null)).toBe(false);
  });
});
