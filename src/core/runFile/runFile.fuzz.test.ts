// Property-based fuzzing of the run-file importer: valid files of small runs, mutated
// (truncated arrays, wrong types, deleted and extra keys, other versions, NaN strings) or
// cut short as text, must each be read back consistently or refused with messages that say
// what to change, never throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import { FUZZ_SEED, UNSAFE_CHARACTERS, awkwardNumber, hostileValue, nastyText } from '../fuzzing';
import { runPipeline } from '../run';
import { compareRunFiles, encodeRunFile, parseRunFile, runFileFromResult, serializeRunFile, type RunFile } from '.';

const RUNS = 1000;

/** Valid documents of small runs: pruned and fine-tuned, diverged in phase 1, and a population run. */
function validDocuments(): Record<string, unknown>[] {
  const configs = [
    { d: 4, k: 5, r: 2, n: 30, steps: 40, fineTuneSteps: 10, checkpointEvery: 5 },
    { d: 3, k: 4, r: 1, n: 20, steps: 40, eta: 10, initScale: 1, checkpointEvery: 3 },
    { model: 'population', d: 3, k: 3, r: 2, steps: 20, fineTuneSteps: 5, checkpointEvery: 4, tau: 1e-9 },
  ];
  return configs.map((input) => {
    const parsed = parseConfig(input);
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
    return encodeRunFile(runFileFromResult(runPipeline(parsed.config), { exportedAt: '2026-11-30T00:00:00.000Z' }));
  });
}

type Path = (string | number)[];

/** Every path to a value inside a JSON document. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const children: Path[] = [];
  if (Array.isArray(value)) value.forEach((item, i) => children.push(...pathsOf(item, [...prefix, i])));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) children.push(...pathsOf(item, [...prefix, key]));
  }
  return [prefix, ...children];
}

type Container = Record<string | number, unknown>;

/** The container holding `path` and the last key, or null for the root. */
function parentOf(document: unknown, path: Path): { parent: Container; key: string | number } | null {
  if (path.length === 0) return null;
  let node = document as Container;
  for (const key of path.slice(0, -1)) node = node[key] as Container;
  return { parent: node, key: path[path.length - 1] };
}

type Mutation =
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'delete'; at: number }
  | { kind: 'truncate'; at: number; keep: number }
  | { kind: 'extraKey'; at: number; key: string; value: unknown }
  | { kind: 'numberString'; at: number; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: hostileValue }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(), keep: fc.nat({ max: 20 }) }),
  fc.record({ kind: fc.constant('extraKey' as const), at: fc.nat(), key: fc.oneof(fc.string({ maxLength: 6 }), nastyText, fc.constantFrom('__proto__', 'constructor')), value: hostileValue }),
  fc.record({ kind: fc.constant('numberString' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom('NaN', 'Infinity', '-Infinity', '-0', 'nan', '1e999', ''), awkwardNumber.map(String)) }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.constant(-1), value: fc.oneof(fc.integer({ min: -2, max: 5 }), awkwardNumber, hostileValue) }),
);

/** Applies a mutation at the `at`-th path of the document (at = −1: the format version). */
function mutate(document: Record<string, unknown>, change: Mutation): void {
  if (change.at === -1) {
    if (change.kind === 'replace') document.formatVersion = change.value;
    return;
  }
  const paths = pathsOf(document);
  const path = paths[change.at % paths.length];
  const target = path.reduce<unknown>((node, key) => (node as Container)[key], document);
  const place = parentOf(document, path);
  switch (change.kind) {
    case 'replace':
      if (place) place.parent[place.key] = change.value;
      break;
    case 'delete':
      if (place && Array.isArray(place.parent)) place.parent.splice(place.key as number, 1);
      else if (place) delete place.parent[place.key];
      break;
    case 'truncate':
      if (Array.isArray(target)) target.length = Math.min(target.length, change.keep);
      break;
    case 'extraKey':
      if (typeof target === 'object' && target !== null && !Array.isArray(target)) Object.defineProperty(target, change.key, { value: change.value, enumerable: true, configurable: true, writable: true });
      break;
    case 'numberString':
      if (place && typeof target === 'number') place.parent[place.key] = change.text;
      break;
  }
}

function expectReadable(messages: readonly string[]): void {
  for (const message of messages) {
    expect(typeof message).toBe('string');
    expect(message.trim().length).toBeGreaterThan(0);
    expect(message).not.toMatch(UNSAFE_CHARACTERS);
  }
}

/** A completed run shows no NaN: every number a panel or table prints from it is a number. */
function expectNoNaN(run: RunFile): void {
  const shown: [string, number | null | undefined][] = [['tau', run.tau]];
  for (const [name, phase] of [['phase1', run.phase1], ['finetune', run.finetune]] as const) {
    if (!phase) continue;
    const { final } = phase;
    for (const key of ['loss', 'objective', 'testError', 'relativeTestError', 'gradNorm'] as const) shown.push([`${name}.final.${key}`, final[key]]);
    final.columnNorms.forEach((x, i) => shown.push([`${name}.final.columnNorms[${i}]`, x]));
    phase.history.forEach((entry, i) => Object.entries(entry).forEach(([key, x]) => shown.push([`${name}.history[${i}].${key}`, x as number])));
  }
  for (const [name, fit] of [['rate', run.rate], ['gradNormRate', run.gradNormRate]] as const) {
    if (fit) for (const key of ['rho', 'C', 'r2'] as const) shown.push([`${name}.${key}`, fit[key]]);
  }
  shown.push(['lossLimit.value', run.lossLimit?.value]);
  for (const [name, x] of shown) expect(Number.isNaN(x), `${name} of a completed run is NaN`).toBe(false);
}

/** A file that was read must hold together: sizes as its config says, and it writes back to itself. */
function expectConsistent(input: unknown): void {
  const result = parseRunFile(input);
  if (!result.ok) {
    expect(result.errors.length).toBeGreaterThan(0);
    expectReadable(result.errors);
    return;
  }
  expectReadable(result.warnings);
  const { run } = result;
  const { d, k } = run.config;
  expect(run.phase1.U.length).toBe(d * k);
  expect(run.phase1.final.columnNorms.length).toBe(k);
  if (run.kept && run.finetune) expect(run.finetune.U.length).toBe(d * run.kept.length);
  expect(parseConfig(result.replayConfig).ok).toBe(true);
  if (run.status.kind === 'completed') expectNoNaN(run);
  const again = parseRunFile(serializeRunFile(run));
  expect(again.ok).toBe(true);
  if (again.ok) expect(compareRunFiles(run, again.run).difference).toBeNull();
}

describe('parseRunFile under fuzzing', () => {
  const documents = validDocuments();

  it('reads the unmutated files', () => {
    for (const document of documents) expect(parseRunFile(JSON.stringify(document)).ok).toBe(true);
  });

  it(`reads or refuses ${RUNS} mutated run files, never throwing`, () => {
    let refused = 0;
    fc.assert(
      fc.property(fc.nat({ max: documents.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (which, changes) => {
        const document = structuredClone(documents[which]);
        for (const change of changes) mutate(document, change);
        if (!parseRunFile(document).ok) refused++;
        expectConsistent(document);
      }),
      { seed: FUZZ_SEED, numRuns: RUNS },
    );
    expect(refused).toBeGreaterThan(RUNS / 2);
  });

  it('refuses a file cut short or with garbage appended, as text', () => {
    fc.assert(
      fc.property(fc.nat({ max: documents.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), nastyText, (which, fraction, tail) => {
        const text = JSON.stringify(documents[which]);
        const cut = text.slice(0, Math.floor(fraction * (text.length - 1)));
        for (const input of [cut, `${text}${tail}x`, `${tail}${cut}`]) {
          const result = parseRunFile(input);
          expect(result.ok).toBe(false);
          if (!result.ok) expectReadable(result.errors);
        }
      }),
      { seed: FUZZ_SEED + 1, numRuns: 200 },
    );
  });

  it('refuses any JSON value that is not a run file', () => {
    fc.assert(
      fc.property(fc.oneof(hostileValue, fc.jsonValue()), (value) => {
        expectConsistent(value);
        expectConsistent(JSON.stringify(value) ?? '');
      }),
      { seed: FUZZ_SEED + 2, numRuns: 300 },
    );
  });
});
