// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { createLabStore } from '../state/store';
import { installTestApiUnderAutomation } from './testApi';

let uninstall: () => void = () => undefined;
afterEach(() => uninstall());

describe('the test API', () => {
  it('is not exposed to an ordinary visitor', () => {
    uninstall = installTestApiUnderAutomation({ webdriver: false }, createLabStore());
    expect(window.__prunelab).toBeUndefined();
  });

  it('is installed in a browser driven by automation, and removed again', () => {
    uninstall = installTestApiUnderAutomation({ webdriver: true }, createLabStore());
    expect(window.__prunelab?.getState().status).toBe('loading');
    uninstall();
    expect(window.__prunelab).toBeUndefined();
  });
});
