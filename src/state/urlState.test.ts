import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, DEFAULT_CONFIG, FIELDS } from '../core/config';
import type { RunConfig } from '../core/config';
import { parseQuery, toQuery } from './urlState';
import { DEFAULT_VIEW } from './view';
import type { ViewState } from './view';

describe('toQuery', () => {
  it('is empty for the defaults: only non-default values go into the URL', () => {
    expect(toQuery(DEFAULT_CONFIG, DEFAULT_VIEW)).toBe('');
    expect(toQuery({ ...DEFAULT_CONFIG, lambda: 0.1 }, DEFAULT_VIEW)).toBe('lambda=0.1');
  });

  it('writes lists and hidden parts readably', () => {
    const query = toQuery({ ...DEFAULT_CONFIG, sigmaStar: [1, 0.75, 0.5] }, { ...DEFAULT_VIEW, hidden: ['controls', 'seeds'] });
    expect(query).toBe('sigmaStar=1,0.75,0.5&hide=controls,seeds');
  });
});

describe('URL round trip', () => {
  it('reproduces a configuration that differs from the default in every field', () => {
    const config: RunConfig = {
      model: 'quadratic',
      d: 17,
      k: 41,
      r: 4,
      n: 2345,
      noise: 0.037,
      kappa: 3.5,
      sigmaStar: [2, 1.25, 0.5, 0.1],
      seed: 4_294_967_295,
      truthSeed: 1,
      sensingSeed: 22,
      noiseSeed: 333,
      initSeed: 0,
      testSeed: 55555,
      lambda: 0.123456789012345,
      beta: 1e-7,
      regularizer: 'A',
      eta: 0.0031,
      initScale: 2.5e-4,
      steps: 9999,
      tau: 0.1 + 0.2,
      fineTuneEta: 0.07,
      fineTuneSteps: 1234,
      checkpointEvery: 7,
      operator: 'direct',
      kernel: 'wasm-f32',
    };
    // Every schema field differs from its default, so every serializer path is exercised.
    for (const key of CONFIG_KEYS) expect(config[key], key).not.toEqual(DEFAULT_CONFIG[key]);
    const view: ViewState = { sort: 'descending', normScale: 'log', comparison: true, panel: 'heatmap', hidden: ['controls', 'theory'], speed: 220, present: true };
    const parsed = parseQuery(`?${toQuery(config, view)}`);
    expect(parsed.corrections).toEqual([]);
    expect(parsed.config).toEqual(config);
    expect(parsed.view).toEqual(view);
  });

  it('keeps exact doubles', () => {
    const lambda = 0.1 + 0.2;
    expect(parseQuery(toQuery({ ...DEFAULT_CONFIG, lambda })).config.lambda).toBe(lambda);
  });
});

describe('hostile and malformed URLs', () => {
  const corrected = (search: string) => parseQuery(search);

  it('replaces NaN and Infinity by the default and says so', () => {
    const { config, corrections } = corrected('?lambda=NaN&eta=Infinity&d=-Infinity');
    expect(config.lambda).toBe(DEFAULT_CONFIG.lambda);
    expect(config.eta).toBe(DEFAULT_CONFIG.eta);
    expect(config.d).toBe(DEFAULT_CONFIG.d);
    expect(corrections).toHaveLength(3);
    expect(corrections[0]).toMatch(/lambda .*using the default/);
    expect(corrections[1]).toMatch(/eta must be finite/);
  });

  it('clamps huge and fractional numbers into range', () => {
    const { config, corrections } = corrected('?k=1e308&n=12.7&beta=0');
    expect(config.k).toBe(FIELDS.k.type === 'int' ? FIELDS.k.max : NaN);
    expect(config.n).toBe(13);
    expect(config.beta).toBeGreaterThan(0);
    expect(corrections).toHaveLength(3);
  });

  it('ignores unknown keys, including prototype names', () => {
    const { config, corrections } = corrected('?__proto__=1&constructor=5&toString=x&foo=bar&d=12');
    expect(config.d).toBe(12);
    expect(Object.keys(config).sort()).toEqual([...CONFIG_KEYS].sort());
    expect(Object.getPrototypeOf(config)).toBe(Object.prototype);
    expect(corrections.filter((c) => c.startsWith('ignored unknown key'))).toHaveLength(4);
  });

  it('uses the last of repeated keys and reports it', () => {
    const { config, corrections } = corrected('?d=10&d=12&d=14');
    expect(config.d).toBe(14);
    expect(corrections).toEqual(['"d" was given 3 times; using the last value "14"']);
  });

  it('refuses script injection without echoing it in full', () => {
    const attack = '<script>alert(document.cookie)</script>'.repeat(3);
    const { config, corrections } = corrected(`?model=${encodeURIComponent(attack)}&${encodeURIComponent(attack)}=1`);
    expect(config.model).toBe(DEFAULT_CONFIG.model);
    expect(corrections).toHaveLength(2);
    expect(corrections[0]).toMatch(/ignored unknown key/);
    for (const line of corrections) expect(line.length).toBeLessThan(300);
  });

  it('echoes control and bidirectional characters as escapes, so they cannot reorder the notice', () => {
    const reversed = encodeURIComponent('exe.\u202Etxt');
    const { corrections } = corrected(`?model=${reversed}&sort=a%00b&${reversed}=1&hide=x%E2%81%A6y,%C2%9B`);
    const notice = corrections.join('; ');
    for (const shown of ['ignored unknown key "exe.\\u202Etxt"', '(got "exe.\\u202Etxt")', '(got "a\\u0000b")', 'part "x\\u2066y"', 'part "\\u009B"']) {
      expect(notice).toContain(shown);
    }
    expect(notice).not.toMatch(/[\p{Cc}\p{Cf}]/u);
  });

  it('survives %-garbage and bare keys', () => {
    const { config, corrections } = corrected('?d=%E0%A4%A&lambda=%%%&k&=5&&&r=2');
    expect(config).toMatchObject({ d: DEFAULT_CONFIG.d, lambda: DEFAULT_CONFIG.lambda, k: DEFAULT_CONFIG.k, r: 2 });
    expect(corrections.length).toBeGreaterThanOrEqual(3);
  });

  it('repairs r > d and a σ* list of the wrong length', () => {
    const { config, corrections } = corrected('?d=5&r=9&sigmaStar=1,0.5');
    expect(config.r).toBe(5);
    expect(config.sigmaStar).toBeNull();
    expect(corrections.join('\n')).toMatch(/r = 9 exceeds d or k; using r = 5/);
    expect(corrections.join('\n')).toMatch(/sigmaStar/);
  });

  it('refuses overlong values before parsing them', () => {
    const { config, corrections } = corrected(`?sigmaStar=${'1,'.repeat(5000)}1`);
    expect(config.sigmaStar).toBeNull();
    expect(corrections[0]).toMatch(/too long/);
  });

  it('reads every classroom flag, and "explain" as explanations', () => {
    const { view, corrections } = corrected('?hide=controls,seeds,advanced,theory,explain,export,sweep,toString');
    expect(view.hidden).toEqual(['controls', 'seeds', 'advanced', 'theory', 'explanations', 'export', 'sweep']);
    expect(corrections).toEqual(['hide: unknown part "toString" ignored; parts are controls, seeds, advanced, theory, explanations, export, sweep']);
    expect(toQuery(DEFAULT_CONFIG, view)).toBe('hide=controls,seeds,advanced,theory,explanations,export,sweep');
  });

  it('keeps only known hidden parts and view values', () => {
    const { view, corrections } = corrected('?hide=controls,wallet,controls&sort=random&scale=log&compare=maybe&panel=heatmap');
    expect(view).toEqual({ ...DEFAULT_VIEW, hidden: ['controls'], normScale: 'log', panel: 'heatmap' });
    expect(corrections).toHaveLength(3);
  });
});

describe('playback speed and presenter mode in the URL', () => {
  it('reads speed as steps per second or "full", and present as 1/0', () => {
    expect(parseQuery('?speed=46&present=1').view).toMatchObject({ speed: 46, present: true });
    expect(parseQuery('?speed=full').view.speed).toBeNull();
    expect(toQuery(DEFAULT_CONFIG, { ...DEFAULT_VIEW, speed: 10 })).toBe('speed=10');
  });

  it('clamps a speed out of range and refuses text through the one number schema, saying so', () => {
    const slow = parseQuery('?speed=1');
    expect(slow.view.speed).toBe(10);
    expect(slow.corrections).toEqual(['speed 1 is outside the allowed range (a number from 10 to 10000); using 10']);
    const bad = parseQuery('?speed=fast&present=yes');
    expect(bad.view).toMatchObject({ speed: null, present: false });
    expect(bad.corrections).toEqual([
      'present must be 1 or 0 (got "yes"); using 0',
      'speed must be a number from 10 to 10000 (got "fast"); using full speed',
    ]);
  });
});

