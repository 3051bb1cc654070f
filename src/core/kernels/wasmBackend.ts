// The WebAssembly SIMD backend: builds the wasm operator of each plan. Loaded by a platform
// (src/worker/kernelBackend.ts, src/cli/kernelBackend.ts), which compiles the modules and
// spawns the helper threads.
import { buildJsOperator, planHeldOutOperator, planOperator, type OperatorPlan } from '../operators';
import type { HeldOutSet, LossOperator, OperatorChoice, Problem } from '../types';
import type { KernelModule } from './arena';
import { ThreadTeam } from './team';
import type { HelperPort } from './teamProtocol';
import type { KernelBackend, Precision } from './types';
import { WasmEmpiricalDirectOperator, WasmQuadraticDirectOperator } from './wasmDirect';
import { WasmGramOperator } from './wasmGram';
import { wasmNormalFill } from './wasmNormals';
import { WasmPopulationOperator } from './wasmPopulation';

export interface WasmBackendOptions {
  /** The kernels compiled for an unshared memory (src/wasm/build/kernels.wasm). */
  module: WebAssembly.Module;
  /** The kernels compiled for a shared memory (kernels-shared.wasm); needed with helpers. */
  sharedModule: WebAssembly.Module | null;
  precision: Precision;
  /** Helper threads already started on the platform's helper entry; none for one thread. */
  helpers: HelperPort[];
}

export function createWasmBackend(options: WasmBackendOptions): KernelBackend {
  const { precision, helpers } = options;
  const solo: KernelModule = { module: options.module, shared: false };
  if (helpers.length > 0 && !options.sharedModule) throw new Error('helper threads need the kernels compiled for a shared memory');
  const teamModule: KernelModule = helpers.length > 0 ? { module: options.sharedModule!, shared: true } : solo;
  const soloTeam = new ThreadTeam(solo.module, []);
  const team = helpers.length > 0 ? new ThreadTeam(teamModule.module, helpers) : soloTeam;

  const buildWasm = (plan: OperatorPlan, k: number, kernelModule: KernelModule, threads: ThreadTeam, onProgress?: (fraction: number) => void): LossOperator => {
    switch (plan.kind) {
      case 'population':
        return new WasmPopulationOperator(kernelModule, threads, precision, plan.d, plan.Mstar, k);
      case 'direct':
        return new WasmEmpiricalDirectOperator(kernelModule, threads, plan.d, plan.A, plan.y, k);
      case 'gram':
        return new WasmGramOperator(kernelModule, threads, 'gram', plan.d, plan.A, plan.y, k, onProgress);
      case 'quadratic-direct':
        return new WasmQuadraticDirectOperator(kernelModule, threads, plan.d, plan.X, plan.y, k);
      case 'quadratic-gram':
        return new WasmGramOperator(kernelModule, threads, 'quadratic-gram', plan.d, plan.X, plan.y, k, onProgress);
    }
  };

  /** The wasm operator of a plan, or the JS one where its memory cannot be allocated. */
  const build = (plan: OperatorPlan, k: number, onTeam: boolean, onProgress?: (fraction: number) => void): LossOperator => {
    try {
      return onTeam ? buildWasm(plan, k, teamModule, team, onProgress) : buildWasm(plan, k, solo, soloTeam);
    } catch (error) {
      if (error instanceof RangeError) return buildJsOperator(plan, onProgress);
      throw error;
    }
  };

  return {
    info: { name: 'wasm', precision, threads: team.threads },
    fillNormals: wasmNormalFill(options.module),
    createOperator: (problem: Problem, choice: OperatorChoice, k: number, onProgress?: (fraction: number) => void) =>
      build(planOperator(problem, choice, k), k, true, onProgress),
    // Held-out losses are read once per checkpoint: on the calling thread alone, so the
    // helpers stay attached to the training operator's memory.
    createHeldOutOperator(d: number, heldOut: HeldOutSet | null) {
      const plan = planHeldOutOperator(d, heldOut);
      return plan && build(plan, 1, false);
    },
    dispose() {
      team.dispose();
    },
  };
}

/**
 * createWasmBackend, resolved once every helper thread is running (the team waits on Atomics
 * synchronously, so the helpers must be up before the first step); disposed if one fails.
 */
export async function startWasmBackend(options: WasmBackendOptions): Promise<KernelBackend> {
  const backend = createWasmBackend(options);
  try {
    await Promise.all(options.helpers.map((helper) => helper.ready));
  } catch (error) {
    backend.dispose();
    throw error;
  }
  return backend;
}
