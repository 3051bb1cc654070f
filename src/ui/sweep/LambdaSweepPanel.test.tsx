// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunConfig } from '../../core/config';
import { sigmaStarList, sweepBaseConfig } from '../../core/sweep';
import { learnabilityBound, predictedBias } from '../../core/theory';
import { fakeSweepPool } from '../../worker/fakeSweepWorker';
import { controlByLabel, render, typeInto, type Rendered } from '../testing';
import { LambdaSweepPanel } from './LambdaSweepPanel';

let page: Rendered | null = null;
afterEach(() => {
  page?.unmount();
  page = null;
});

const button = (container: HTMLElement, name: string): HTMLButtonElement => {
  const found = Array.from(container.querySelectorAll('button')).find((b) => b.textContent === name);
  if (!found) throw new Error(`no button named "${name}"`);
  return found;
};
const click = (element: Element) => act(() => element.dispatchEvent(new MouseEvent('click', { bubbles: true })));
const progressBar = (container: HTMLElement) => container.querySelector<HTMLProgressElement>('progress[aria-label="Progress of the λ sweep"]');

function setup(onLoadConfig?: (config: RunConfig) => void) {
  const fake = fakeSweepPool(2);
  page = render(<LambdaSweepPanel pool={fake.pool} onLoadConfig={onLoadConfig} />);
  return { ...fake, container: page.container };
}

const base = sweepBaseConfig();
const sigma = sigmaStarList(base);

describe('LambdaSweepPanel', () => {
  it('starts at the base β with a λ range across every direction’s boundary', () => {
    const { container } = setup();
    expect(controlByLabel(container, 'β (fixed)').value).toBe(String(base.beta));
    const from = Number(controlByLabel(container, 'λ from').value);
    const to = Number(controlByLabel(container, 'λ to').value);
    for (const s of sigma) {
      const bound = learnabilityBound(s, base.beta, base.regularizer);
      expect(from).toBeLessThan(bound);
      expect(to).toBeGreaterThan(bound);
    }
    expect(container.querySelector('[data-testid="lambda-caption"]')?.textContent).toContain(
      `learnability bounds λ < 2·σ*_j·√β [derived] are ${sigma.map((s) => String(Number(learnabilityBound(s, base.beta, 'B').toPrecision(3)))).join(', ')}`,
    );
  });

  it('runs one cell per λ at the fixed β and draws measured bias beside the prediction', () => {
    const { container, workers } = setup();
    typeInto(controlByLabel(container, 'λ points (2–16)'), '4');
    click(button(container, 'Run λ sweep'));
    expect(progressBar(container)?.max).toBe(4);
    const requested = workers.flatMap((w) => w.received);
    expect(requested.map((r) => r.cell.beta)).toEqual([base.beta, base.beta]);
    expect(requested[0].config).toEqual(base);

    const lambda = workers[0].current.cell.lambda;
    act(() => workers[0].answer({ aboveTau: 4, learnableDirections: 4, bias: 0.0301, predictedBias: predictedBias(lambda, sigma), testErrorAfterFineTune: 1e-12 }));
    act(() => workers[1].answer({ classification: 'stuck', aboveTau: 1, learnableDirections: 1, bias: 0.9 }));
    expect(progressBar(container)?.value).toBe(2);

    const rows = container.querySelectorAll('[data-testid="lambda-table"] tbody tr');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('exactly r columns');
    expect(rows[0].textContent).toContain('0.0301');
    expect(rows[1].textContent).toContain('a direction is stuck');

    const legend = container.querySelector('.pl-chart-host')?.textContent ?? '';
    expect(legend).toContain('measured bias');
    expect(legend).toContain('predicted bias (λ/4)√(Σ 1/σ*_j) [derived]');
    expect(container.querySelector('svg.pl-columns-kept')?.getAttribute('aria-label')).toMatch(/columns kept against λ: λ = .*: 4; λ = .*: 1/i);
  });

  it('refuses an invalid β with the schema message and will not run', () => {
    const { container } = setup();
    typeInto(controlByLabel(container, 'β (fixed)'), '-1');
    expect(button(container, 'Run λ sweep').disabled).toBe(true);
    expect(container.querySelector('[role="alert"]')?.textContent).toMatch(/beta must be/);
  });

  it('cancels with Cancel λ sweep and keeps the finished points', async () => {
    const { container, workers } = setup();
    click(button(container, 'Run λ sweep'));
    act(() => workers[1].answer());
    click(button(container, 'Cancel λ sweep'));
    await act(async () => {
      await Promise.resolve();
    });
    expect(workers.every((w) => w.terminated)).toBe(true);
    expect(container.querySelector('[data-testid="lambda-status"]')?.textContent).toMatch(/^Cancelled after 1 of 12 cells/);
    expect(container.querySelectorAll('[data-testid="lambda-table"] tbody tr')).toHaveLength(1);
  });

  it('loads a row into the lab', () => {
    const onLoad = vi.fn();
    const { container, workers } = setup(onLoad);
    click(button(container, 'Run λ sweep'));
    act(() => workers[0].answer());
    click(button(container, 'Load'));
    expect(onLoad).toHaveBeenCalledWith({ ...base, lambda: workers[0].received[0].cell.lambda, beta: base.beta });
    expect(container.querySelector('[role="status"]')?.textContent).toContain('into the lab');
  });
});
