// Issue 7: the paper's Figure 1 in float32 still separates the r true directions. The real
// figure1Fast preset (population loss, d = k = 500), its regularized lane only, phase 1 on the
// kernels the CLI loads for its `kernel` key (wasm float32) on 2 threads.
import { expect, it } from 'vitest';
import { presetConfig } from '../core/presets';
import { setupRun } from '../core/runSetup';
import { withKernels } from './kernels';

it('the Figure 1 preset in float32 ends phase 1 with exactly r columns above τ', async () => {
  const config = presetConfig('figure1Fast');
  const final = await withKernels(config.kernel, 2, (backend) => {
    expect(backend.info).toEqual({ name: 'wasm', precision: 'f32', threads: 2 });
    const { trainer, operator } = setupRun(config, { backend });
    expect(operator).toMatchObject({ kind: 'population', precision: 'f32' });
    expect(trainer.run(config.steps).kind).toBe('running');
    return trainer.snapshot();
  });
  expect(final.step).toBe(config.steps);
  expect(final.aboveTau).toBe(config.r);
});
