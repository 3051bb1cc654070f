// Saving a generated file from the page: a Blob behind a temporary object URL and a
// clicked <a download>. Nothing leaves the browser, and the page's CSP allows blob: links.
import type { RunConfig } from '../../core/config';

/** How long the object URL outlives the click (the browser reads it asynchronously). */
const REVOKE_DELAY_MS = 10_000;

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_DELAY_MS);
}

/** "prunelab-empirical-d30-k30-seed1" (+ a suffix): names that sort and say what the run was. */
export function fileStem(config: Pick<RunConfig, 'model' | 'd' | 'k' | 'seed'>, suffix?: string): string {
  const stem = `prunelab-${config.model}-d${config.d}-k${config.k}-seed${config.seed}`;
  return suffix ? `${stem}-${suffix.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}` : stem;
}
