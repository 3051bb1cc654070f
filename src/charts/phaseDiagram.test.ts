// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPhaseDiagram, gridCells, logCellEdges, type PhaseCell, type PhaseDiagramData } from './phaseDiagram';

afterEach(() => {
  document.body.innerHTML = '';
});

const lambdas = [0.01, 0.1, 1];
const betas = [0.001, 0.01];
const first: PhaseCell = { lambdaIndex: 0, betaIndex: 0, lambda: 0.01, beta: 0.001, outcome: 'exact', detail: '4 columns kept' };
const second: PhaseCell = { lambdaIndex: 2, betaIndex: 1, lambda: 1, beta: 0.01, outcome: 'stuck' };

describe('phase diagram geometry', () => {
  it('puts cell edges at geometric midpoints', () => {
    const edges = logCellEdges([0.01, 0.1, 1]);
    expect(edges.length).toBe(4);
    expect(edges[1]).toBeCloseTo(Math.sqrt(0.001), 12);
    expect(edges[0]).toBeCloseTo(0.01 / Math.sqrt(10), 12);
    expect(edges[3]).toBeCloseTo(Math.sqrt(10), 12);
  });
  it('fills missing grid points as pending', () => {
    const cells = gridCells({ lambdas, betas, cells: [second] });
    expect(cells.length).toBe(6);
    expect(cells.filter((c) => c.outcome === 'pending').length).toBe(5);
    expect(cells[5]).toBe(second);
  });
});

describe('phaseDiagram', () => {
  function setup(onCellClick?: (cell: PhaseCell) => void) {
    const container = document.createElement('div');
    document.body.appendChild(container);
    const chart = createPhaseDiagram(container, { width: 420, height: 360, onCellClick });
    return { container, chart };
  }

  it('draws every grid cell, updating colours as results arrive', () => {
    const { container, chart } = setup();
    const data: PhaseDiagramData = { lambdas, betas, cells: [first] };
    chart.update(data);
    const before = Array.from(container.querySelectorAll('.pl-cells rect'));
    expect(before.length).toBe(6);
    expect(container.querySelectorAll('.pl-cells rect[data-outcome="pending"]').length).toBe(5);
    chart.update({ ...data, cells: [first, second] });
    const after = Array.from(container.querySelectorAll('.pl-cells rect'));
    expect(after).toEqual(before);
    expect(after[5].getAttribute('data-outcome')).toBe('stuck');
    expect(container.querySelector('svg')!.getAttribute('aria-label')).toBe(
      'Phase diagram over 3 λ × 2 β values: 1 stuck at 0, 1 exactly r, 4 pending',
    );
    // Cells tile the plot: λ-cells are 1/3 of the plot width (420 − 56 − 16 = 348).
    expect(Number(after[0].getAttribute('width'))).toBeCloseTo(348 / 3, 6);
  });

  it('calls back with the clicked cell and reads it out on hover', () => {
    const onCellClick = vi.fn();
    const { container, chart } = setup(onCellClick);
    chart.update({ lambdas, betas, cells: [first, second] });
    const rect = container.querySelectorAll('.pl-cells rect')[0];
    rect.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
    expect(container.querySelector('[aria-live="polite"]')!.textContent).toBe('λ = 0.01, β = 0.001: exactly r (4 columns kept)');
    rect.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(onCellClick).toHaveBeenCalledWith(first);
  });

  it('can be driven by the keyboard', () => {
    const onCellClick = vi.fn();
    const { container, chart } = setup(onCellClick);
    chart.update({ lambdas, betas, cells: [first, second] });
    const svg = container.querySelector('svg')!;
    expect(svg.getAttribute('tabindex')).toBe('0');
    svg.dispatchEvent(new FocusEvent('focus'));
    for (const key of ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowUp', 'Enter']) {
      svg.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    }
    expect(onCellClick).toHaveBeenCalledWith(second);
  });

  it('draws every boundary curve through its points, each labelled, with one legend entry', () => {
    const { container, chart } = setup();
    const curve = (sigma: number) => ({ points: [0.001, 0.01].map((beta) => ({ beta, lambda: 2 * sigma * Math.sqrt(beta) })), label: `σ*ⱼ = ${sigma}` });
    chart.update({ lambdas, betas, cells: [], boundaries: [curve(1), curve(0.5)], boundaryLegend: 'λ = 2σ*ⱼ√β' });
    const paths = Array.from(container.querySelectorAll('.pl-boundary')).map((p) => p.getAttribute('d')!);
    expect(paths).toHaveLength(2);
    for (const d of paths) {
      expect(d.startsWith('M')).toBe(true);
      expect(d.split('L').length).toBe(2);
    }
    expect(paths[0]).not.toBe(paths[1]);
    expect(Array.from(container.querySelectorAll('.pl-boundary-label')).map((t) => t.textContent)).toEqual(['σ*ⱼ = 1', 'σ*ⱼ = 0.5']);
    const legend = Array.from(container.querySelectorAll('.pl-legend-item text')).map((t) => t.textContent);
    expect(legend.filter((t) => t === 'λ = 2σ*ⱼ√β')).toHaveLength(1);
    chart.update({ lambdas, betas, cells: [], boundaries: [curve(1)] });
    expect(container.querySelectorAll('.pl-boundary')).toHaveLength(1);
  });
});
