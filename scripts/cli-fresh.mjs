// Whether the compiled CLI (dist-cli/) is current: the check bin/prunelab.mjs makes on every
// start, so it loads nothing but node:fs, reads one small manifest and stats the files listed
// in it. The builder (scripts/cli-bundle.mjs, with esbuild) is loaded only when this says stale.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_OUTDIR = `${ROOT}dist-cli`;
export const BUNDLE = 'prunelab.js';
export const MANIFEST = 'manifest.json';

/** Whether the bundle in `outdir` is missing, or older than a file it was built from (paths in the manifest are relative to the checkout). */
export function bundleIsStale(outdir = DEFAULT_OUTDIR) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(`${outdir}/${MANIFEST}`, 'utf8'));
  } catch {
    return true;
  }
  if (!statSync(`${outdir}/${BUNDLE}`, { throwIfNoEntry: false })) return true;
  for (const file of manifest.inputs) {
    const stats = statSync(`${ROOT}${file}`, { throwIfNoEntry: false });
    if (!stats || stats.mtimeMs >= manifest.builtAt) return true;
  }
  return false;
}
