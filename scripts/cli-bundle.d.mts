// Types of scripts/cli-bundle.mjs for the TypeScript tests that build and check the bundle.
export const DEFAULT_OUTDIR: string;
export function bundleIsStale(outdir?: string): boolean;
export function buildCli(outdir?: string): Promise<string>;
export function ensureCliBundle(outdir?: string): Promise<string>;
