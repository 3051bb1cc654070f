#!/usr/bin/env node
// `npm run cli -- …` and `npx prunelab …`: runs the prebuilt CLI bundle. The freshness check
// is all that runs first; the builder (and esbuild) load only when a source changed since the build.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUNDLE, bundleIsStale, DEFAULT_OUTDIR } from '../scripts/cli-fresh.mjs';

const bundle = bundleIsStale() ? await (await import('../scripts/cli-bundle.mjs')).buildCli() : path.join(DEFAULT_OUTDIR, BUNDLE);
await import(pathToFileURL(bundle).href);
