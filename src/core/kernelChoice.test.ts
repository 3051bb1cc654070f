import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, FIELDS, parseConfig } from './config';
import { JS_KERNEL, KERNEL_CHOICES, KERNEL_CHOICE_LABELS, MAX_KERNEL_THREADS, MIN_SPLIT_STEP_FLOPS, defaultThreads, threadsForStep, kernelLabel, operatorKernel, operatorKernelNote, resolveKernel, threadNote } from './kernelChoice';
import type { KernelInfo } from './kernels/types';
import { settingsText } from './settingsText';

describe('the kernel key', () => {
  it('defaults to auto, accepts the four choices and refuses anything else with the list', () => {
    expect(DEFAULT_CONFIG.kernel).toBe('auto');
    for (const kernel of KERNEL_CHOICES) expect(parseConfig({ kernel })).toMatchObject({ ok: true, config: { kernel } });
    expect(parseConfig({ kernel: 'gpu' })).toEqual({
      ok: false,
      errors: [{ field: 'kernel', message: 'kernel must be one of "auto", "js", "wasm", "wasm-f32" (got "gpu")' }],
    });
  });

  it('labels every choice in the form, the float32 one as fast', () => {
    const spec = FIELDS.kernel;
    expect(spec.type === 'enum' && spec.optionLabels).toEqual(KERNEL_CHOICE_LABELS);
    expect(KERNEL_CHOICE_LABELS['wasm-f32']).toBe('wasm float32 (fast)');
  });
});

describe('resolveKernel', () => {
  it('auto and wasm run wasm f64, wasm-f32 float32, js always JavaScript', () => {
    expect(resolveKernel('auto', true)).toEqual({ name: 'wasm', precision: 'f64', fallback: null });
    expect(resolveKernel('wasm', true)).toEqual({ name: 'wasm', precision: 'f64', fallback: null });
    expect(resolveKernel('wasm-f32', true)).toEqual({ name: 'wasm', precision: 'f32', fallback: null });
    expect(resolveKernel('js', true)).toEqual({ name: 'js', precision: 'f64', fallback: null });
  });

  it('falls back to JavaScript without WebAssembly SIMD and says why', () => {
    for (const choice of ['auto', 'wasm', 'wasm-f32'] as const) {
      expect(resolveKernel(choice, false)).toEqual({ name: 'js', precision: 'f64', fallback: expect.stringMatching(/SIMD is not available/) });
    }
    expect(resolveKernel('js', false).fallback).toBeNull();
  });
});

describe('labels', () => {
  it('name the kernel, the precision and the threads', () => {
    expect(kernelLabel({ name: 'wasm', precision: 'f64', threads: 2 })).toBe('wasm f64 · 2 threads');
    expect(kernelLabel({ name: 'wasm', precision: 'f32', threads: 1 })).toBe('wasm float32 (fast) · 1 thread');
    expect(kernelLabel({ name: 'js', precision: 'f64', threads: 1 })).toBe('js f64 · 1 thread');
  });
});

describe('threads', () => {
  it('default to the cores, at most MAX_KERNEL_THREADS, at least one', () => {
    expect(defaultThreads(2)).toBe(2);
    expect(defaultThreads(64)).toBe(MAX_KERNEL_THREADS);
    expect(defaultThreads(0)).toBe(1);
  });

  it('stay one for a step too small to split, whatever the cores', () => {
    expect(threadsForStep(MIN_SPLIT_STEP_FLOPS - 1, 8)).toBe(1);
    expect(threadsForStep(MIN_SPLIT_STEP_FLOPS, 8)).toBe(defaultThreads(8));
    expect(threadsForStep(MIN_SPLIT_STEP_FLOPS, 1)).toBe(1);
  });

  it('say why a run has fewer than it wanted', () => {
    expect(threadNote(2, 2, true)).toBeNull();
    expect(threadNote(1, 1, false)).toBeNull();
    expect(threadNote(1, 2, false)).toMatch(/^one thread: the page is not cross-origin isolated/);
    expect(threadNote(1, 2, true)).toBe('1 of 2 threads could start');
  });
});

describe('the kernels a run is labelled with', () => {
  const f32: KernelInfo = { name: 'wasm', precision: 'f32', threads: 2 };

  it('are the operator\'s: float64 where a float32 backend has no float32 operator, JavaScript where it fell back', () => {
    expect(operatorKernel(f32, { precision: 'f32' })).toEqual(f32);
    expect(operatorKernel(f32, { precision: 'f64' })).toEqual({ name: 'wasm', precision: 'f64', threads: 2 });
    expect(operatorKernel(f32, {})).toEqual(JS_KERNEL);
    expect(operatorKernel(JS_KERNEL, {})).toEqual(JS_KERNEL);
  });

  it('carry a note saying why they differ from the backend\'s', () => {
    expect(operatorKernelNote(f32, f32)).toBeNull();
    expect(operatorKernelNote(f32, operatorKernel(f32, { precision: 'f64' }))).toMatch(/^float32 kernels exist for the population model only/);
    expect(operatorKernelNote(f32, JS_KERNEL)).toMatch(/could not allocate memory.*JavaScript kernels run$/);
    expect(operatorKernelNote(JS_KERNEL, JS_KERNEL)).toBeNull();
  });

  it('decide whether a heading says float32, whatever the kernel key asked for', () => {
    const asked = { ...DEFAULT_CONFIG, model: 'population' as const, kernel: 'wasm-f32' as const };
    expect(settingsText(asked, f32)).toMatch(/, float32 \(fast\)$/);
    for (const ran of [JS_KERNEL, operatorKernel(f32, { precision: 'f64' }), null]) expect(settingsText(asked, ran)).not.toMatch(/f32|float32/);
  });
});
