import { encodeRunFile } from './encode';
import { isRecord, type RunFile } from './schema';

/**
 * How closely two runs made with different arithmetic (another kernel or precision) must
 * agree, relative to the scale of each array (or of each single number).
 */
export const AGREEMENT_TOLERANCE = 1e-10;

export interface RunComparison {
  /** Every number is the same double. */
  identical: boolean;
  /** Numbers compared (up to the first difference). */
  compared: number;
  /**
   * Where the runs first differ (beyond the tolerance, when one is given), e.g.
   * "phase1.U[17]: 0.25 vs 0.5"; null when they agree.
   */
  difference: string | null;
  /** Largest difference relative to its scale among the numbers compared (0 when identical). */
  largestRelativeDifference: number;
}

const magnitude = (x: unknown): number => (typeof x === 'number' ? Math.abs(x) : 0);

/**
 * Compares two runs number by number: bit for bit (their encodings are compared, and each
 * double has exactly one), or with `tolerance > 0` each number within tolerance × its scale
 * (the largest magnitude of the array it sits in, or its own), as for runs on different
 * kernels. Metadata is ignored: when, by which version and on which kernels each was
 * exported, whether it was edited live, and what follows from the rest: the theory guides
 * from the config, the eigenvalues from U and the rate fits from the fine-tuning history
 * (they go through Math.log/exp, which engines round differently, so a CLI run and its
 * repetition in a browser may differ there by an ulp).
 */
export function compareRunFiles(expected: RunFile, actual: RunFile, tolerance = 0): RunComparison {
  let compared = 0;
  let identical = true;
  let largestRelativeDifference = 0;
  const leaf = (a: unknown, b: unknown, path: string, scale: number): string | null => {
    if (typeof a === 'number' || typeof b === 'number') compared++;
    if (a === b) return null;
    identical = false;
    const mismatch = `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
    if (typeof a !== 'number' || typeof b !== 'number') return mismatch;
    const relative = Math.abs(a - b) / Math.max(scale, Math.abs(a), Math.abs(b));
    largestRelativeDifference = Math.max(largestRelativeDifference, relative);
    return relative <= tolerance ? null : mismatch;
  };
  const walk = (a: unknown, b: unknown, path: string): string | null => {
    if (Array.isArray(a) || Array.isArray(b)) {
      if (!Array.isArray(a) || !Array.isArray(b)) return `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
      if (a.length !== b.length) return `${path}: ${a.length} vs ${b.length} entries`;
      let scale = 0;
      for (let i = 0; i < a.length; i++) scale = Math.max(scale, magnitude(a[i]), magnitude(b[i]));
      for (let i = 0; i < a.length; i++) {
        const found = Array.isArray(a[i]) || isRecord(a[i]) ? walk(a[i], b[i], `${path}[${i}]`) : leaf(a[i], b[i], `${path}[${i}]`, scale);
        if (found) return found;
      }
      return null;
    }
    if (isRecord(a) && isRecord(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
        const found = walk(a[key], b[key], path ? `${path}.${key}` : key);
        if (found) return found;
      }
      return null;
    }
    return leaf(a, b, path, 0);
  };
  const strip = (run: RunFile) => {
    const document = encodeRunFile(run);
    delete document.exportedAt;
    delete document.appVersion;
    delete document.reproducible;
    delete document.kernel;
    delete document.theory;
    delete document.rate;
    delete document.gradNormRate;
    delete (document.phase1 as Record<string, unknown>).eigenvalues;
    return document;
  };
  const difference = walk(strip(expected), strip(actual), '');
  return { identical: identical && difference === null, compared, difference, largestRelativeDifference };
}
