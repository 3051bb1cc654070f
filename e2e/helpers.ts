// Small readers of what the page prints, for comparing displayed text with the test API.
import type { Locator } from '@playwright/test';

const SUPERSCRIPT_DIGITS: Record<string, string> = {
  '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9', '⁻': '-',
};

/** Reads a number as the page formats it: "0.035", "−2.5", "1.2×10⁻⁵", "10¹⁴". */
export function parseShownNumber(text: string): number {
  const match = /^(?:([−-]?\d+(?:\.\d+)?)×)?10([⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)$/.exec(text.trim());
  const value = match
    ? Number((match[1] ?? '1').replace('−', '-')) * 10 ** Number([...match[2]].map((c) => SUPERSCRIPT_DIGITS[c]).join(''))
    : Number(text.trim().replace('−', '-'));
  if (!Number.isFinite(value)) throw new Error(`not a number as the page prints one: ${JSON.stringify(text)}`);
  return value;
}

/** The data cells of the table row whose row header is `label`. */
export function tableRow(table: Locator, label: string): Promise<string[]> {
  const header = table.page().getByRole('rowheader', { name: label, exact: true });
  return table.getByRole('row').filter({ has: header }).getByRole('cell').allTextContents();
}

export interface ScreenBox {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/**
 * The screen box of every bar of a column-norms chart, greyed or not, in the order drawn.
 * Bars of one colour are one path with a subpath "Mx,yHx₂Vy₂Hx₁Z" per bar (plot coordinates),
 * mapped to the screen through the path's transform.
 */
export function barBoxes(chart: Locator): Promise<ScreenBox[]> {
  return chart.locator('.pl-bars path').evaluateAll((paths) =>
    paths.flatMap((path) => {
      const matrix = (path as SVGGraphicsElement).getScreenCTM();
      if (!matrix) return [];
      const point = (x: number, y: number) => new DOMPoint(x, y).matrixTransform(matrix);
      return [...(path.getAttribute('d') ?? '').matchAll(/M([-\d.e]+),([-\d.e]+)H([-\d.e]+)V([-\d.e]+)H[-\d.e]+Z/g)].map((bar) => {
        const from = point(Number(bar[1]), Number(bar[2]));
        const to = point(Number(bar[3]), Number(bar[4]));
        return { left: from.x, right: to.x, top: from.y, bottom: to.y };
      });
    }),
  );
}
