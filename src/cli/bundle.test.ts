import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, bundleIsStale } from '../../scripts/cli-bundle.mjs';
import { main } from './cli';

const root = path.resolve(import.meta.dirname, '../..');
const workDir = mkdtempSync(path.join(os.tmpdir(), 'prunelab-bundle-'));
const bundleDir = path.join(workDir, 'dist-cli');
let bundle = '';

beforeAll(async () => {
  bundle = await buildCli(bundleDir);
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** The compiled CLI in a child process, as `npm run cli` starts it. */
function builtCli(args: string[]): Outcome {
  const child = spawnSync(process.execPath, [bundle, ...args], { cwd: root, encoding: 'utf8' });
  return { code: child.status ?? -1, stdout: child.stdout, stderr: child.stderr };
}

/** The CLI from its TypeScript sources, in this process. */
async function sourceCli(args: string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    stderrIsTTY: false,
    now: () => 0,
  });
  return { code, stdout, stderr };
}

describe('the compiled CLI (dist-cli)', () => {
  it('answers --help, a command’s --help and a usage error exactly like the sources', async () => {
    for (const args of [['--help'], ['run', '--help'], ['figure1', '--help'], ['run', '--fast']]) {
      expect(builtCli(args)).toEqual(await sourceCli(args));
    }
  });

  it('runs a tiny configuration to the same files, output and exit status as the sources', async () => {
    const config = path.join(workDir, 'tiny.json');
    writeFileSync(config, JSON.stringify({ d: 6, k: 6, r: 2, n: 150, steps: 200, fineTuneSteps: 40 }));
    const outBuilt = path.join(workDir, 'built');
    const outSource = path.join(workDir, 'source');
    const built = builtCli(['run', '--config', config, '--out', outBuilt, '--seed', '5']);
    const source = await sourceCli(['run', '--config', config, '--out', outSource, '--seed', '5']);
    expect(built.code).toBe(0);
    expect({ ...built, stdout: built.stdout.replaceAll(outBuilt, 'OUT') }).toEqual({ ...source, stdout: source.stdout.replaceAll(outSource, 'OUT') });
    const files = readdirSync(outSource).sort();
    expect(readdirSync(outBuilt).sort()).toEqual(files);
    for (const file of files) expect(readFileSync(path.join(outBuilt, file), 'utf8')).toBe(readFileSync(path.join(outSource, file), 'utf8'));
  });

  it('starts --help without the code of any command: the pipeline, the kernels and ml-matrix load with the command that needs them', () => {
    const staticSources = new Set<string>();
    const visit = (file: string) => {
      const text = readFileSync(path.join(bundleDir, file), 'utf8');
      for (const [, source] of text.matchAll(/^\/\/ ((?:src|node_modules)\/\S+)$/gm)) staticSources.add(source);
      for (const [, chunk] of text.matchAll(/(?:from|^import) "\.\/(chunk-[\w-]+\.js)";$/gm)) visit(chunk);
    };
    visit(path.basename(bundle));
    expect([...staticSources]).toEqual(expect.arrayContaining(['src/cli/args.ts', 'src/cli/help.ts', 'src/core/config.ts']));
    for (const source of staticSources) expect(source).toMatch(/^src\/(cli\/(args|cli|errors|help|main)|core\/(config|kernelChoice|presets|quote|regularizers|theory))\.ts$/);
  });

  it('counts as stale when missing or when a source it was built from changed after the build', () => {
    expect(bundleIsStale(bundleDir)).toBe(false);
    expect(bundleIsStale(path.join(workDir, 'nowhere'))).toBe(true);
    const manifestFile = path.join(bundleDir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { builtAt: number; inputs: string[] };
    expect(manifest.inputs).toEqual(expect.arrayContaining(['src/cli/main.ts', 'src/core/trainer.ts', 'package-lock.json']));
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, builtAt: 0 }));
    expect(bundleIsStale(bundleDir)).toBe(true);
  });
});

describe('bin/prunelab.mjs (npx prunelab, npm run cli)', () => {
  it('starts the bundle, building it first when needed', async () => {
    const child = spawnSync(process.execPath, [path.join(root, 'bin/prunelab.mjs'), '--help'], { cwd: root, encoding: 'utf8' });
    expect(child.status).toBe(0);
    expect(child.stdout).toBe((await sourceCli(['--help'])).stdout);
  });
});
