// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { pressKey, render, typeInto, type Rendered } from '../testing';
import { useDraftText } from './useDraftText';

let page: Rendered | null = null;
afterEach(() => page?.unmount());

function mount(shown: string) {
  const applied: string[] = [];
  function Field() {
    const text = useDraftText(shown, (value) => applied.push(value));
    return <input aria-label="value" {...text.inputProps} />;
  }
  page = render(<Field />);
  return { input: page.container.querySelector('input') as HTMLInputElement, applied };
}

describe('useDraftText', () => {
  it('shows the value, keeps typing as a draft and applies it only on Enter', () => {
    const { input, applied } = mount('0.5');
    expect(input.value).toBe('0.5');
    typeInto(input, '0.2');
    expect(input.value).toBe('0.2');
    expect(applied).toEqual([]);
    pressKey(input, 'Enter');
    expect(applied).toEqual(['0.2']);
    // The draft is gone: the input shows the applied value as its owner passes it back.
    expect(input.value).toBe('0.5');
  });

  it('drops the draft on Escape without applying it', () => {
    const { input, applied } = mount('3');
    typeInto(input, '30');
    pressKey(input, 'Escape');
    expect(input.value).toBe('3');
    expect(applied).toEqual([]);
  });

  it('applies a draft when focus leaves, and nothing when there was no draft', () => {
    const { input, applied } = mount('1');
    act(() => input.dispatchEvent(new FocusEvent('focusout', { bubbles: true })));
    expect(applied).toEqual([]);
    typeInto(input, '2');
    act(() => input.dispatchEvent(new FocusEvent('focusout', { bubbles: true })));
    expect(applied).toEqual(['2']);
  });
});
