import { encodeRunFile } from './encode';
import { isRecord, type RunFile } from './schema';

export interface RunComparison {
  identical: boolean;
  /** Numbers compared (up to the first difference). */
  compared: number;
  /** Where the runs first differ, e.g. "phase1.U.data[17]: 0.25 vs 0.5"; null when identical. */
  difference: string | null;
}

/**
 * Compares two runs number by number, bit for bit (their encodings are compared, and each
 * double has exactly one). Metadata is ignored: when and by which version each was
 * exported, whether it was edited live, and what follows from the rest: the theory guides
 * from the config, the eigenvalues from U and the rate
 * fits from the fine-tuning history (they go through Math.log/exp, which engines round
 * differently, so a CLI run and its repetition in a browser may differ there by an ulp).
 */
export function compareRunFiles(expected: RunFile, actual: RunFile): RunComparison {
  let compared = 0;
  const walk = (a: unknown, b: unknown, path: string): string | null => {
    if (Array.isArray(a) || Array.isArray(b)) {
      if (!Array.isArray(a) || !Array.isArray(b)) return `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
      if (a.length !== b.length) return `${path}: ${a.length} vs ${b.length} entries`;
      for (let i = 0; i < a.length; i++) {
        const found = walk(a[i], b[i], `${path}[${i}]`);
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
    if (typeof a === 'number' || typeof b === 'number') compared++;
    return a === b ? null : `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  };
  const strip = (run: RunFile) => {
    const document = encodeRunFile(run);
    delete document.exportedAt;
    delete document.appVersion;
    delete document.reproducible;
    delete document.theory;
    delete document.rate;
    delete document.gradNormRate;
    delete (document.phase1 as Record<string, unknown>).eigenvalues;
    return document;
  };
  const difference = walk(strip(expected), strip(actual), '');
  return { identical: difference === null, compared, difference };
}