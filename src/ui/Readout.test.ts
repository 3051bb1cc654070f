import { describe, expect, it } from 'vitest';
import type { LaneSummary } from '../state/store';
import { doneText, kernelReadout, progressText, statusLine } from './Readout';
import { laneSummary } from './testing';

const lane = (patch: Partial<LaneSummary> = {}): LaneSummary =>
  laneSummary({
    step: 1200,
    loss: 0.0123,
    objective: 0.02,
    testError: 0.0456,
    milestones: { beforePrune: 0.0456, afterPrune: null, afterFineTune: null },
    heldOutLoss: 0.0234,
    heldOutMilestones: { beforePrune: 0.0234, afterFineTune: null },
    ...patch,
  });

describe('statusLine', () => {
  it('appends the held-out loss, formatted like the other numbers, when the problem has a held-out set', () => {
    expect(statusLine('running', 'train', lane(), 35)).toBe(
      'running · training · step 1\u202f200 · 35 steps/s · loss 0.0123 · test error 0.0456 · held-out loss 0.0234',
    );
    expect(statusLine('paused', 'finetune', lane({ phase: 'finetune', step: 40, k: 3, heldOutLoss: 2.5e-5 }), 0)).toBe(
      'paused · fine-tuning · step 40 · loss 0.0123 · test error 0.0456 · held-out loss 2.5×10⁻⁵ · k = 3',
    );
  });

  it('leaves it out without a held-out set (population) and before the first checkpoint', () => {
    expect(statusLine('paused', 'train', lane({ heldOutLoss: null }), 0)).toBe('paused · training · step 1\u202f200 · loss 0.0123 · test error 0.0456');
    expect(statusLine('idle', 'train', undefined, 0)).toBe('idle · training · step 0 · loss — · test error —');
    expect(statusLine('loading', 'train', undefined, 0)).toBe('building the problem…');
  });
});

describe('progressText', () => {
  it('gives the steps done of the phase budget and, while a rate is measured, the time left', () => {
    expect(progressText(1000, 4000, 0)).toBe('1\u202f000 of 4\u202f000 steps');
    expect(progressText(1000, 4000, 20)).toBe('1\u202f000 of 4\u202f000 steps · about 2 min 30 s left');
    expect(progressText(4000, 4000, 20)).toBe('4\u202f000 of 4\u202f000 steps');
    expect(progressText(5000, 4000, 20)).toBe('4\u202f000 of 4\u202f000 steps');
  });
});

describe('doneText', () => {
  it('suggests Prune only when Prune is enabled, and otherwise says why there is nothing to prune', () => {
    expect(doneText('train', 4000, true, 0.141)).toMatch(/Prune now/);
    const stuck = doneText('train', 4000, false, 0.141);
    expect(stuck).not.toMatch(/Prune now/);
    expect(stuck).toMatch(/no column above τ = 0\.141/);
    expect(doneText('finetune', 300, false, 0.141)).toBe('Fine-tuning finished its 300 steps.');
  });
});

describe('kernelReadout', () => {
  it('names the kernels and, visibly, why they are not the ones asked for', () => {
    expect(kernelReadout({ name: 'wasm', precision: 'f64', threads: 2 }, [])).toBe('Kernels: wasm f64 · 2 threads');
    expect(kernelReadout({ name: 'wasm', precision: 'f32', threads: 1 }, ['one thread: the page is not cross-origin isolated'])).toBe(
      'Kernels: wasm float32 (fast) · 1 thread — one thread: the page is not cross-origin isolated',
    );
  });
});
