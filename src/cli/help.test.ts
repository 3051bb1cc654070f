import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, DEFAULT_CONFIG, FIELDS } from '../core/config';
import { presetConfig } from '../core/presets';
import { COMMANDS, COMMAND_NAMES } from './args';
import { commandHelp, configTable, generalHelp } from './help';

describe('configTable', () => {
  it('has one row per configuration key: its default from the schema, description and allowed values', () => {
    const rows = configTable().split('\n');
    expect(rows).toHaveLength(CONFIG_KEYS.length);
    CONFIG_KEYS.forEach((key, i) => {
      const [name, value] = rows[i].trim().split(/\s{2,}/);
      expect(name).toBe(key);
      expect(value).toBe(JSON.stringify(DEFAULT_CONFIG[key]));
      expect(rows[i]).toContain(FIELDS[key].description);
    });
    const eta = rows[CONFIG_KEYS.indexOf('eta')];
    expect(eta).toMatch(/\[number, 0 < x ≤ \d/);
    expect(rows[CONFIG_KEYS.indexOf('model')]).toContain('"empirical" | "population" | "quadratic"');
  });

  it('shows a preset’s values when given one, and only the keys asked for', () => {
    const preset = presetConfig('figure1');
    expect(configTable(preset, ['d', 'k']).split('\n').map((row) => row.trim().split(/\s{2,}/).slice(0, 2))).toEqual([
      ['d', String(preset.d)],
      ['k', String(preset.k)],
    ]);
  });
});

describe('help texts', () => {
  it('the general help lists every command with its summary and the exit statuses', () => {
    const text = generalHelp();
    const lines = text.split('\n');
    for (const command of COMMAND_NAMES) expect(lines).toContain(`  ${command.padEnd(Math.max(...COMMAND_NAMES.map((c) => c.length)))}  ${COMMANDS[command].summary}`);
    expect(text).toContain('Exit status: 0');
  });

  it('a command’s help lists its flags, marks the required ones and ends with the config table', () => {
    const text = commandHelp('run');
    expect(text.split('\n')[0]).toBe(`Usage: npm run cli -- run ${COMMANDS.run.flags.map((f) => (f.required ? `--${f.name} ${f.valueName}` : `[--${f.name} ${f.valueName}]`)).join(' ')}`);
    for (const flag of COMMANDS.run.flags) expect(text).toContain(`--${flag.name} ${flag.valueName}`);
    expect(text).toMatch(/--out \S+\s+.*\(required\)/);
    expect(text).toContain(configTable());
  });

  it('figure1 shows the preset it runs instead of the plain defaults', () => {
    const preset = presetConfig('figure1');
    const text = commandHelp('figure1', preset);
    expect(text).toContain(configTable(preset));
    expect(text).not.toContain('Configuration keys (cfg.json)');
  });
});
