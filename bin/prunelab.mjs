#!/usr/bin/env node
// `npm run cli -- …` and `npx prunelab …`: runs the prebuilt CLI bundle, rebuilding it first
// when a source changed since it was built.
import { pathToFileURL } from 'node:url';
import { ensureCliBundle } from '../scripts/cli-bundle.mjs';

await import(pathToFileURL(await ensureCliBundle()).href);
