// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, FIELDS, parseField } from '../../core/config';
import { createLabStore, type LabStore } from '../../state/store';
import { controlByLabel, description, pressKey, render, typeInto, type Rendered } from '../testing';
import { ControlPanel } from './ControlPanel';

let store: LabStore;
beforeEach(() => {
  store = createLabStore();
});

let page: Rendered;

beforeEach(() => {
  page = render(<ControlPanel />, store);
});

afterEach(() => page.unmount());

const config = () => store.getState().params.config;

describe('ControlPanel', () => {
  it('generates a labelled field with its help text for the schema fields', () => {
    const d = controlByLabel(page.container, FIELDS.d.label);
    expect(d.value).toBe(String(DEFAULT_CONFIG.d));
    expect(description(d)).toContain(FIELDS.d.description);
    const model = controlByLabel<HTMLSelectElement>(page.container, FIELDS.model.label);
    expect(Array.from(model.options).map((o) => o.value)).toEqual(FIELDS.model.type === 'enum' ? [...FIELDS.model.options] : []);
  });

  it('refuses an invalid value at the field with the schema message and does not apply it', () => {
    const d = controlByLabel(page.container, FIELDS.d.label);
    typeInto(d, 'abc');
    pressKey(d, 'Enter');
    const expected = parseField('d', 'abc');
    expect('error' in expected).toBe(true);
    expect(d.getAttribute('aria-invalid')).toBe('true');
    expect(description(d)).toContain('error' in expected ? expected.error : '');
    expect(d.value).toBe('abc');
    expect(config().d).toBe(DEFAULT_CONFIG.d);
  });

  it('refuses a value that breaks a rule between fields (r ≤ k)', () => {
    const r = controlByLabel(page.container, FIELDS.r.label);
    typeInto(r, String(DEFAULT_CONFIG.k + 1));
    pressKey(r, 'Enter');
    expect(r.getAttribute('aria-invalid')).toBe('true');
    expect(description(r)).toContain(`exceeds k = ${DEFAULT_CONFIG.k}`);
    expect(config().r).toBe(DEFAULT_CONFIG.r);
  });

  it('applies a valid value and clears the error', () => {
    const d = controlByLabel(page.container, FIELDS.d.label);
    typeInto(d, '0');
    pressKey(d, 'Enter');
    expect(d.getAttribute('aria-invalid')).toBe('true');
    typeInto(d, '40');
    pressKey(d, 'Enter');
    expect(config().d).toBe(40);
    expect(d.hasAttribute('aria-invalid')).toBe(false);
    expect(description(d)).not.toContain('must be');
  });

  it('applies a live field (λ) without touching the others', () => {
    const lambda = controlByLabel(page.container, FIELDS.lambda.label);
    typeInto(lambda, '0.1');
    pressKey(lambda, 'Enter');
    expect(config()).toEqual({ ...DEFAULT_CONFIG, lambda: 0.1 });
  });

  it('moves a log-scaled slider over 1-2-5 choices', () => {
    const slider = page.container.querySelector<HTMLInputElement>(`input[aria-label="${FIELDS.lambda.label}, log scale"]`);
    expect(slider).not.toBeNull();
    if (!slider) return;
    typeInto(slider, String(Number(slider.value) + 1));
    expect(config().lambda).toBe(0.1);
  });
});
