// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DROPPED_FADE, createHeatmap, divergingLut, heatmapLabel, heatmapPixels, maxAbsolute } from './heatmap';

afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('heatmap colours', () => {
  const lut = divergingLut();

  it('maps −max to blue, 0 to near-white and +max to red', () => {
    const px = heatmapPixels({ U: [-1, 0, 1], rows: 1, cols: 3 }, 1, lut);
    const [r0, , b0] = px.slice(0, 3);
    const [r1, g1, b1] = px.slice(4, 7);
    const [r2, , b2] = px.slice(8, 11);
    expect(b0).toBeGreaterThan(r0);
    expect(r2).toBeGreaterThan(b2);
    expect(Math.min(r1, g1, b1)).toBeGreaterThan(230);
    expect(px[3]).toBe(255);
  });

  it('is symmetric around 0 and saturates beyond the shared maximum', () => {
    const px = heatmapPixels({ U: [0.5, -0.5, 5, 2], rows: 2, cols: 2 }, 2, lut);
    // +0.5 and −0.5 sit at mirrored positions of the 256-entry table (159 and 255 − 159).
    expect(Array.from(px.slice(0, 3))).toEqual(Array.from(lut.slice(159 * 3, 160 * 3)));
    expect(Array.from(px.slice(4, 7))).toEqual(Array.from(lut.slice((255 - 159) * 3, (256 - 159) * 3)));
    // 5 > maxAbs = 2 saturates to the same colour as 2.
    expect(Array.from(px.slice(8, 11))).toEqual(Array.from(px.slice(12, 15)));
  });

  it('fades dropped columns towards grey', () => {
    const kept = heatmapPixels({ U: [1], rows: 1, cols: 1 }, 1, lut);
    const dropped = heatmapPixels({ U: [1], rows: 1, cols: 1, keepMask: [false] }, 1, lut);
    expect(dropped[0]).toBe(Math.round(kept[0] + (235 - kept[0]) * DROPPED_FADE));
  });

  it('labels the matrix from its data', () => {
    expect(maxAbsolute([0.2, -0.8, 0.5])).toBe(0.8);
    expect(heatmapLabel({ U: [0.2, -0.8], rows: 1, cols: 2, keepMask: [1, 0] }, 0.8)).toBe(
      'Heatmap of U: 1 row × 2 columns, colour from −0.8 (blue) through 0 (white) to 0.8 (red); 1 column faded as pruned',
    );
  });
});

describe('heatmap renderer', () => {
  it('does not throw without a 2D context and still labels the canvas', () => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    const container = document.createElement('div');
    const chart = createHeatmap(container, { width: 300 });
    expect(() => chart.update({ U: [1, -1, 0.5, 0], rows: 2, cols: 2 })).not.toThrow();
    const canvas = container.querySelector('canvas')!;
    expect(canvas.getAttribute('role')).toBe('img');
    expect(canvas.getAttribute('aria-label')).toContain('2 rows × 2 columns');
    expect(canvas.width).toBe(2);
    expect(canvas.height).toBe(2);
  });

  it('draws one pixel per entry through a reused ImageData and reads out the hovered entry', () => {
    const buffers: Uint8ClampedArray[] = [];
    const put = vi.fn();
    const context = {
      createImageData: (w: number, h: number) => {
        const data = new Uint8ClampedArray(w * h * 4);
        buffers.push(data);
        return { data, width: w, height: h };
      },
      putImageData: put,
    };
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(context as unknown as CanvasRenderingContext2D);
    const container = document.createElement('div');
    document.body.appendChild(container);
    const chart = createHeatmap(container, { width: 300, height: 100 });
    const U = Float64Array.from([0.1, -0.2, 0.3, -0.4, 0.5, -0.6]);
    chart.update({ U, rows: 2, cols: 3, keepMask: [1, 0, 1] });
    chart.update({ U, rows: 2, cols: 3, keepMask: [1, 1, 1] });
    expect(put).toHaveBeenCalledTimes(2);
    expect(buffers.length).toBe(1);
    expect(Array.from(buffers[0])).toEqual(Array.from(heatmapPixels({ U, rows: 2, cols: 3 }, 0.6, divergingLut())));

    const canvas = container.querySelector('canvas')!;
    vi.spyOn(canvas, 'getBoundingClientRect').mockReturnValue({ left: 0, top: 0, width: 300, height: 100 } as DOMRect);
    canvas.dispatchEvent(new PointerEvent('pointermove', { clientX: 150, clientY: 75, bubbles: true }));
    expect(container.querySelector('[aria-live="polite"]')!.textContent).toBe('row 1, column 1: 0.5');
  });
});
