import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useMemo } from 'react';

/**
 * A TeX fragment typeset by KaTeX (HTML for the eye, MathML for screen readers). A typo
 * shows the source in red instead of throwing, so one bad formula cannot break the page.
 */
export function TeX({ math, display = false }: { math: string; display?: boolean }) {
  const html = useMemo(() => katex.renderToString(math, { throwOnError: false, displayMode: display, output: 'htmlAndMathml' }), [math, display]);
  if (!display) return <span className="pl-tex" dangerouslySetInnerHTML={{ __html: html }} />;
  // A display equation scrolls sideways on a narrow screen; focusable, so keyboards can scroll it too.
  return <span className="pl-tex pl-tex-display" tabIndex={0} dangerouslySetInnerHTML={{ __html: html }} />;
}

/** A number as TeX: 3 significant digits, powers of ten as a × 10^{e} for tiny or huge values. */
export function texNumber(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '\\text{—}';
  if (!Number.isFinite(x)) return x > 0 ? '\\infty' : '-\\infty';
  if (x === 0) return '0';
  const magnitude = Math.abs(x);
  if (magnitude >= 1e-3 && magnitude < 1e5) return String(Number(x.toPrecision(3)));
  const exponent = Math.floor(Math.log10(magnitude));
  const mantissa = Number((x / 10 ** exponent).toPrecision(3));
  return mantissa === 1 ? `10^{${exponent}}` : `${mantissa} \\times 10^{${exponent}}`;
}
