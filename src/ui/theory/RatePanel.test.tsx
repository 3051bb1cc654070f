// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseConfig, type RunConfig } from '../../core/config';
import { createLabStore, type LaneSummary, type LabStore } from '../../state/store';
import type { LaneRunExport, LabRequest } from '../../worker/labProtocol';
import { laneSummary, render, type Rendered } from '../testing';
import { rateComparison } from '../../core/rateComparison';
import { RatePanel, rateChartData } from './RatePanel';
import type { RateRequest, RateResponse } from '../../worker/rateProtocol';
import { stepsDone, totalSteps, type RateWorkerPort } from '../../state/rateSlice';

let store: LabStore;
let workers: FakeRateWorker[];
beforeEach(() => {
  workers = [];
  store = createLabStore({
    createRateWorker: () => {
      const worker = new FakeRateWorker();
      workers.push(worker);
      return worker;
    },
  });
});

class FakeRateWorker implements RateWorkerPort {
  onmessage: ((event: MessageEvent<RateResponse>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  posted: RateRequest[] = [];
  terminated = false;
  postMessage(message: RateRequest): void {
    this.posted.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(message: RateResponse): void {
    act(() => this.onmessage?.({ data: message } as MessageEvent<RateResponse>));
  }
}

const small: RunConfig = (() => {
  const parsed = parseConfig({ model: 'population', steps: 3000, eta: 0.05, fineTuneEta: 0.05 });
  if (!parsed.ok) throw new Error('invalid test config');
  return parsed.config;
})();

let page: Rendered;

beforeEach(() => {
  store.getState().actions.applyConfig(small);
  page = render(<RatePanel />, store);
});

afterEach(() => page.unmount());

const button = (name: string) => Array.from(page.container.querySelectorAll('button')).find((b) => b.textContent === name) ?? null;

describe('RatePanel', () => {
  it('runs the comparison in a worker with progress, then shows both rates and the chart', () => {
    expect(page.container.textContent).toContain(`Runs ${totalSteps(small)} steps in a separate worker`);
    act(() => button('Compare rates')?.click());
    expect(workers).toHaveLength(1);
    expect(workers[0].posted).toEqual([{ type: 'compare', config: small }]);
    workers[0].answer({ type: 'progress', progress: { phase: 'train', step: 1500, steps: small.steps, label: 'pruned' } });
    expect(page.container.querySelector('progress')?.getAttribute('value')).toBe('1500');
    expect(page.container.textContent).toContain(`1500 / ${totalSteps(small)} steps`);

    const result = rateComparison(small);
    workers[0].answer({ type: 'result', result });
    expect(workers[0].terminated).toBe(true);
    const summary = page.container.querySelector('[data-testid="rate-summary"]')?.textContent ?? '';
    expect(summary).toContain(`Pruned (k = ${small.r})`);
    expect(summary).toContain('Computed on js f64 · 1 thread.');
    expect(summary).toContain(`Overparameterized (k = ${small.k}, λ = 0)`);
    expect(summary).toContain('fitted ρ = 0.');
    expect(page.container.querySelectorAll('svg path').length).toBeGreaterThan(0);
    expect(button('Compare rates again')).not.toBeNull();
  });

  it('cancels by terminating the worker', () => {
    act(() => button('Compare rates')?.click());
    act(() => button('Cancel')?.click());
    expect(workers[0].terminated).toBe(true);
    expect(page.container.querySelector('progress')).toBeNull();
  });

  it('keeps a comparison running while the panel is remounted (presenter mode folds it) and shows it again', () => {
    act(() => button('Compare rates')?.click());
    workers[0].answer({ type: 'progress', progress: { phase: 'train', step: 1500, steps: small.steps, label: 'pruned' } });
    page.unmount();
    expect(workers[0].terminated).toBe(false);
    page = render(<RatePanel />, store);
    expect(page.container.textContent).toContain(`1500 / ${totalSteps(small)} steps`);
    workers[0].answer({ type: 'result', result: rateComparison(small) });
    expect(page.container.querySelector('[data-testid="rate-summary"]')?.textContent).toContain('fitted ρ = 0.');
  });

  it('shows a worker error in an alert and a failed comparison with its reason', () => {
    act(() => button('Compare rates')?.click());
    workers[0].answer({ type: 'error', message: 'broken config' });
    expect(page.container.querySelector('[role="alert"]')?.textContent).toBe('broken config');
    act(() => button('Compare rates')?.click());
    workers[1].answer({ type: 'result', result: { kind: 'failed', reason: 'No column reached τ' } });
    expect(page.container.querySelector('[role="alert"]')?.textContent).toBe('No column reached τ');
  });
});

describe('continuing the lab\'s run', () => {
  const lane = (step: number): LaneSummary => laneSummary({ step, k: small.k });
  const matrix = (value: number) => Array.from({ length: small.d * small.k }, () => value);

  it('sends the lab\'s two phase-1 matrices to the worker, so only the continuations run', async () => {
    const runs = [
      { lane: 'regularized', reproducible: true, result: { phase1: { U: matrix(0.5), final: { step: 1200 } } } },
      { lane: 'unregularized', reproducible: true, result: { phase1: { U: matrix(0.25), final: { step: 1200 } } } },
    ] as unknown as LaneRunExport[];
    const disconnect = store.getState().worker.connect({
      send(command: LabRequest) {
        if (command.type === 'exportRun') queueMicrotask(() => store.getState().worker.receiveResponse({ type: 'runExport', requestId: command.requestId, runs }));
        return 1;
      },
    });
    try {
      expect(button("Continue the lab's run")).toBeNull();
      act(() => store.setState((s) => ({ run: { ...s.run, status: 'paused', lanes: { regularized: lane(1200), unregularized: lane(1200) } } })));
      expect(page.container.textContent).toContain(`at phase-1 step 1200: ${totalSteps(small, true)} steps`);
      await act(async () => {
        button("Continue the lab's run")?.click();
        await Promise.resolve();
        await Promise.resolve();
      });
      expect(workers).toHaveLength(1);
      const request = workers[0].posted[0];
      expect(request.start?.phase1Steps).toBe(1200);
      expect(Array.from(request.start?.regularizedU ?? []).every((x) => x === 0.5)).toBe(true);
      expect(request.start?.unregularizedU.length).toBe(small.d * small.k);
      expect(page.container.querySelector('progress')?.getAttribute('max')).toBe(String(totalSteps(small, true)));
    } finally {
      disconnect();
    }
  });

  it('says why when the lab has no run to export', async () => {
    act(() => store.setState((s) => ({ run: { ...s.run, status: 'paused', lanes: { regularized: lane(50), unregularized: lane(50) } } })));
    await act(async () => {
      button("Continue the lab's run")?.click();
      await Promise.resolve();
    });
    expect(page.container.querySelector('[role="alert"]')?.textContent).toContain('no run to export');
  });
});

describe('rate panel data', () => {
  it('draws both ‖∇L‖ curves with the pruned fit', () => {
    const result = rateComparison(small);
    const data = rateChartData(result);
    expect(data.series.map((s) => s.id)).toEqual(['pruned', 'overparameterized']);
    expect(data.fits?.[0].rho).toBeLessThan(1);
    expect(rateChartData({ kind: 'failed', reason: 'x' }).series).toEqual([]);
  });

  it('counts progress in the order the worker runs: both phase 1s, the pruned fine-tuning, the continuation', () => {
    const c = DEFAULT_CONFIG;
    const T = c.fineTuneSteps;
    expect(stepsDone(c, { phase: 'train', step: 10, steps: c.steps, label: 'pruned' })).toBe(10);
    expect(stepsDone(c, { phase: 'train', step: 10, steps: c.steps, label: 'overparameterized' })).toBe(c.steps + 10);
    expect(stepsDone(c, { phase: 'train', step: c.steps, steps: c.steps, label: 'overparameterized' })).toBe(2 * c.steps);
    expect(stepsDone(c, { phase: 'finetune', step: 10, steps: T, label: 'pruned' })).toBe(2 * c.steps + 10);
    expect(stepsDone(c, { phase: 'train', step: c.steps + 10, steps: c.steps + T, label: 'overparameterized' })).toBe(2 * c.steps + T + 10);
    // From the lab's run only the continuations remain.
    expect(totalSteps(c, true)).toBe(2 * T);
    expect(stepsDone(c, { phase: 'finetune', step: 10, steps: T, label: 'pruned' }, true)).toBe(10);
    expect(stepsDone(c, { phase: 'train', step: 10, steps: T, label: 'overparameterized' }, true)).toBe(T + 10);
  });
});
