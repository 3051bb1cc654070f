import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, DEFAULT_CONFIG, parseConfig, sigmaStarOf } from './config';
import { presetConfig, PRESET_IDS, PRESETS } from './presets';
import { runPipeline } from './run';
import { finiteSampleErrorScale, learnabilityBound } from './theory';

describe('presets', () => {
  it('are valid configurations layered over DEFAULT_CONFIG', () => {
    for (const id of PRESET_IDS) {
      const preset = PRESETS[id];
      expect(preset.id).toBe(id);
      expect(preset.title.length).toBeGreaterThan(0);
      const parsed = parseConfig(preset.overrides);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(parsed.config).toEqual(preset.config);
      for (const key of CONFIG_KEYS) {
        if (!(key in preset.overrides)) expect(preset.config[key]).toEqual(DEFAULT_CONFIG[key]);
      }
      expect(presetConfig(id)).toEqual(preset.config);
      expect(presetConfig(id)).not.toBe(preset.config);
    }
    expect(PRESETS.classroom.config).toEqual(DEFAULT_CONFIG);
    expect(PRESETS.unregularized.config.lambda).toBe(0);
    expect(PRESETS.quadraticNetwork.config.model).toBe('quadratic');
    const figure1 = PRESETS.figure1.config;
    expect([figure1.model, figure1.d, figure1.k, figure1.r]).toEqual(['population', 500, 500, 4]);
    expect(figure1.sigmaStar).toEqual([1, 0.833, 0.667, 0.5]);
    expect(PRESETS.figure1Fast.config).toEqual({ ...figure1, kernel: 'wasm-f32' });
    expect(PRESETS.figure1Fast.title).toContain('float32 (fast)');
  });

  it('too strong: λ above the learnability bound of the strongest direction', () => {
    const c = PRESETS.tooStrong.config;
    expect(c.lambda).toBeGreaterThan(learnabilityBound(sigmaStarOf(c)[0], c.beta, c.regularizer));
  });

  it('descriptions are one line written from the configuration', () => {
    for (const id of PRESET_IDS) expect(PRESETS[id].description).not.toMatch(/\n/);
    const c = PRESETS.classroom.config;
    expect(PRESETS.classroom.description).toContain(`d = k = ${c.d}`);
    expect(PRESETS.classroom.description).toContain(`n = ${c.n}`);
    expect(PRESETS.classroom.description).toContain(`λ = ${c.lambda}`);
    expect(PRESETS.classroom.description).toContain(`after ${c.steps} steps`);
    expect(PRESETS.tooStrong.description).toContain(`λ = ${PRESETS.tooStrong.config.lambda}`);
    expect(PRESETS.figure1.description).toContain('σ* = (1, 0.833, 0.667, 0.5)');
  });
});

describe('the classroom default (math.md §5, empirical d = k = 30, r = 3, n = 1200)', () => {
  it('4 columns remain at step 2000, exactly 3 at the end; fine-tuning reaches ≈ σ√(rd/n)', () => {
    const c = DEFAULT_CONFIG;
    const result = runPipeline(c);
    const at = (step: number) => result.phase1.history.find((h) => h.step === step)!;
    expect(at(2000).aboveTau).toBe(4);
    expect(result.phase1.final.aboveTau).toBe(c.r);
    expect(result.kept).toHaveLength(c.r);
    const error = result.finetune!.final.testError!;
    expect(error).toBeLessThan(1.5 * finiteSampleErrorScale(c.noise, c.r, c.d, c.n));
    expect(result.rate!.rho).toBeLessThan(0.99);
  });
});
