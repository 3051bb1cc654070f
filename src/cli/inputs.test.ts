import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../core/config';
import { InputError, oneLine } from './errors';
import { loadInputs } from './inputs';

const workDir = mkdtempSync(path.join(os.tmpdir(), 'prunelab-inputs-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(workDir, name);
  writeFileSync(file, text);
  return file;
}

/** The message loadInputs refuses with (fails the test if it accepts). */
function refusal(options: Parameters<typeof loadInputs>[0]): string {
  try {
    loadInputs(options);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('loadInputs accepted the input');
}

describe('oneLine', () => {
  it('keeps the first non-empty line of a message, trimmed', () => {
    expect(oneLine(new Error('\n  first line  \nsecond'))).toBe('first line');
    expect(oneLine('plain')).toBe('plain');
    expect(oneLine(new Error(''))).toBe('unknown error');
  });
});

describe('loadInputs', () => {
  it('uses the defaults without a config file, then --seed', () => {
    expect(loadInputs({}).config).toEqual(DEFAULT_CONFIG);
    expect(loadInputs({ seed: 7 }).config).toEqual({ ...DEFAULT_CONFIG, seed: 7 });
  });

  it('says why a file cannot be read: missing, a directory, not JSON', () => {
    const missing = path.join(workDir, 'nope.json');
    expect(refusal({ config: missing })).toBe(`cannot read the config file ${missing}: no such file`);
    const dir = path.join(workDir, 'a-dir');
    mkdirSync(dir);
    expect(refusal({ config: dir })).toBe(`cannot read the config file ${dir}: it is a directory`);
    const broken = write('broken.json', '{"d": 8,');
    expect(refusal({ config: broken })).toMatch(new RegExp(`^the config file ${broken.replace(/[.\\]/g, '\\$&')} is not valid JSON: `));
    const problem = path.join(workDir, 'no-problem.json');
    expect(refusal({ problem })).toBe(`cannot read the problem file ${problem}: no such file`);
  });

  it('lists every field error, then the cross-field rules of the valid keys, on one line', () => {
    const file = write('mixed.json', JSON.stringify({ d: 10, r: 20, eta: 0, speed: 1 }));
    const message = refusal({ config: file });
    expect(message.split('\n')).toHaveLength(1);
    const parts = message.slice(`${file}: `.length).split('; ');
    expect(parts[0]).toMatch(/^eta must be a number greater than 0/);
    expect(parts.some((p) => p.startsWith('unknown key "speed"'))).toBe(true);
    expect(parts).toContain('r = 20 exceeds d = 10');
    expect(parts.at(-1)).toBe('choose r ≤ d (checked with eta at its default)');
  });

  it('does not repeat the cross-field rules when every field is valid', () => {
    const file = write('cross.json', JSON.stringify({ d: 10, r: 20 }));
    expect(refusal({ config: file })).toBe(`${file}: r = 20 exceeds d = 10; choose r ≤ d`);
  });

  it('takes sizes from a problem file and refuses a config that contradicts them', () => {
    const problem = write('problem.json', JSON.stringify({ model: 'population', d: 2, k: 3, Mstar: [1, 0, 0, 0.5] }));
    const { config, loaded } = loadInputs({ problem });
    expect(config).toMatchObject({ model: 'population', d: 2, k: 3, r: 2, sigmaStar: [1, 0.5] });
    expect(loaded?.k).toBe(3);
    const contradicting = write('contradict.json', JSON.stringify({ k: 4 }));
    expect(refusal({ config: contradicting, problem })).toMatch(/sets k = 4 but the problem file .* has k = 3; drop "k" from the configuration$/);
    const bad = write('problem-bad.json', JSON.stringify({ model: 'population', d: 2, k: 2, Mstar: [1, 2, 0, 1], y: [1] }));
    expect(refusal({ problem: bad })).toMatch(/^problem file .*problem-bad\.json: "Mstar" must be symmetric.*; the population model takes no "y"/);
  });
});
