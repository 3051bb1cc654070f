// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunConfig } from '../../core/config';
import { PHASE_COLORS, PHASE_LABELS } from '../../charts/phaseDiagram';
import { CELL_CLASS_LABELS, sigmaStarList, sweepBaseConfig } from '../../core/sweep';
import { learnabilityBound, predictedBias } from '../../core/theory';
import { fakeSweepPool } from '../../worker/fakeSweepWorker';
import { buttonNamed, click, controlByLabel, render, typeInto, type Rendered } from '../testing';
import { LambdaSweepPanel } from './LambdaSweepPanel';

let page: Rendered | null = null;
afterEach(() => {
  page?.unmount();
  page = null;
});

const progressBar = (container: HTMLElement) => container.querySelector<HTMLProgressElement>('progress[aria-label="Progress of the λ sweep"]');

function setup(onLoadConfig?: (config: RunConfig) => void) {
  const fake = fakeSweepPool(2);
  page = render(<LambdaSweepPanel pool={fake.pool} onLoadConfig={onLoadConfig} />);
  return { ...fake, container: page.container };
}

const base = sweepBaseConfig();
const sigma = sigmaStarList(base);

describe('LambdaSweepPanel', () => {
  it('before a run shows a one-line empty state instead of empty axes, and the settings collapsed', () => {
    const { container } = setup();
    expect(container.querySelector('.pl-empty')?.textContent).toBe('Run the sweep to fill this chart.');
    expect(container.querySelector<HTMLElement>('.pl-chart-host')?.hidden).toBe(true);
    expect(container.querySelector('svg.pl-columns-kept')).toBeNull();
    const settings = container.querySelector('[data-testid="lambda-settings"]');
    expect(settings?.closest('details')?.open).toBe(false);
    expect(settings?.textContent).toContain(`d = ${base.d}, k = ${base.k}, r = ${base.r}`);
    expect(container.querySelector('[data-testid="lambda-caption"]')?.textContent).not.toContain(`d = ${base.d}`);
    click(buttonNamed(container, 'Run λ sweep'));
    expect(container.querySelector('.pl-empty')).toBeNull();
    expect(container.querySelector<HTMLElement>('.pl-chart-host')?.hidden).toBe(false);
  });

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
      `learnability bounds λ < 2·σ*ⱼ·√β [derived] are ${sigma.map((s) => String(Number(learnabilityBound(s, base.beta, 'B').toPrecision(3)))).join(', ')}`,
    );
  });

  it('runs one cell per λ at the fixed β and draws measured bias beside the prediction', () => {
    const { container, workers } = setup();
    typeInto(controlByLabel(container, 'λ points (2–16)'), '4');
    click(buttonNamed(container, 'Run λ sweep'));
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
    // The outcome is the diagram's short label beside its colour chip; the long one is its title.
    const outcome = rows[0].querySelectorAll('td')[1];
    expect(outcome.textContent).toBe(PHASE_LABELS.exact);
    expect(outcome.getAttribute('title')).toBe(CELL_CLASS_LABELS.exact);
    expect(outcome.querySelector<HTMLElement>('span[aria-hidden="true"]')?.style.background).toBe(PHASE_COLORS.exact);
    expect(rows[0].textContent).toContain('0.0301');
    expect(rows[1].textContent).toContain('a direction is stuck');

    const legend = container.querySelector('.pl-chart-host')?.textContent ?? '';
    expect(legend).toContain('measured bias');
    expect(legend).toContain('predicted bias (λ/4)√(Σ 1/σ*ⱼ) [derived]');
    expect(legend).not.toMatch(/_[a-zA-Z0-9]/);
    expect(container.querySelector('svg.pl-columns-kept')?.getAttribute('aria-label')).toMatch(/columns kept against λ: λ = .*: 4; λ = .*: 1/i);
  });

  it('refuses an invalid β with the schema message and will not run', () => {
    const { container } = setup();
    typeInto(controlByLabel(container, 'β (fixed)'), '-1');
    expect(buttonNamed(container, 'Run λ sweep').disabled).toBe(true);
    expect(container.querySelector('[role="alert"]')?.textContent).toMatch(/beta must be/);
  });

  it('cancels with Cancel λ sweep and keeps the finished points', async () => {
    const { container, workers } = setup();
    click(buttonNamed(container, 'Run λ sweep'));
    act(() => workers[1].answer());
    click(buttonNamed(container, 'Cancel λ sweep'));
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
    click(buttonNamed(container, 'Run λ sweep'));
    act(() => workers[0].answer());
    click(buttonNamed(container, 'Load'));
    expect(onLoad).toHaveBeenCalledWith({ ...base, lambda: workers[0].received[0].cell.lambda, beta: base.beta });
    expect(container.querySelector('[role="status"]')?.textContent).toContain('into the lab');
  });
});
