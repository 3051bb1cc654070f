// A lab session: the trainers of one run's lanes (the configured one and, when comparing, the
// same problem and U₀ trained with λ = 0), advanced chunk by chunk. It records what happens
// when it happens (the pruning moment, the test errors before pruning / after pruning / after
// fine-tuning, divergences, each phase reaching its budget) and produces what the lab and the
// CLI show: a lane's report (snapshot and statistics) and the RunResult of a lane. The CLI's
// pipeline and the lab worker both drive a session, so a run file says the same whoever wrote it.
import type { RunConfig } from './config';
import { HALF_MAX, eigenvaluesOfUUt, fractionAtLeast, testError } from './metrics';
import { testErrorOfLargestColumns } from './pruning';
import { fineTuneFits, phaseSummary, theoryGuides, type RunResult, type RunOutcome } from './runResult';
import { setupRun, stageProgress, tauOf, type RunOverrides, type StageProgress } from './runSetup';
import type { ThresholdEvent } from './thresholdEvents';
import { newestHeldOut, type LaneReport, type PruningMoment } from './laneReport';
import { Trainer } from './trainer';
import { operatorKernel, operatorKernelNote } from './kernelChoice';
import { jsBackend } from './kernels/jsBackend';
import type { KernelBackend, KernelInfo } from './kernels/types';
import { measureStepMs } from './stepTime';
import type { ChunkStatus, LossOperator, HyperParameters, OperatorKind, Phase, Problem, SeedSet } from './types';

/**
 * The lanes a session holds side by side: 'regularized' trains with the configured λ (whatever
 * it is), 'unregularized' with λ = 0, from the same U₀ and measurements.
 */
export const LANE_IDS = ['regularized', 'unregularized'] as const;
export type LaneId = (typeof LANE_IDS)[number];

/** Hyper-parameters a session takes between chunks without a reset. */
export const HYPER_KEYS = ['lambda', 'beta', 'regularizer', 'eta', 'fineTuneEta'] as const satisfies readonly (keyof HyperParameters)[];

/** Something that happened in a session, in order; a presenter may pace or narrate them. */
export type SessionEvent =
  | { kind: 'pruned'; lane: LaneId; step: number; tau: number; kept: number[] }
  | { kind: 'diverged'; lane: LaneId; phase: Phase; step: number; reason: string; suggestedEta: number };

/** Which config a RunResult carries. */
export interface ResultOptions {
  /**
   * 'as-configured': the lane's configuration as given (the CLI, which runs it to the end);
   * 'as-run': the live hyper-parameters, the steps each phase actually took and the τ it was
   * pruned at (the lab, where Prune may come early and λ may change), so that
   * runPipeline(result.config) repeats the run.
   */
  config: 'as-configured' | 'as-run';
}

interface Lane {
  id: LaneId;
  trainer: Trainer;
  pruning: PruningMoment | null;
  /** The pruned model's test error, measured when it was pruned. */
  afterPrune: number | null;
  /**
   * Test error after keeping the r largest phase-1 columns at the moment of pruning instead
   * and fine-tuning them for fineTuneSteps steps like the pruned model (null without M* or
   * when that diverged). Another fine-tuning run that only the comparison shows, so it runs
   * when a report first asks for it, from the state captured when the lane was pruned.
   */
  largestColumnsFineTuned: (() => number | null) | null;
  /** A hyper-parameter changed after the lane's first step: the run is no longer one config. */
  liveEdited: boolean;
}


/** The configuration a lane runs: λ = 0 for the unregularized lane. */
export const laneConfig = (config: RunConfig, lane: LaneId): RunConfig => (lane === 'unregularized' ? { ...config, lambda: 0 } : config);

/** Whether the two lanes train different models: not when the configured λ is itself 0. */
export const lanesDiffer = (config: RunConfig): boolean => laneConfig(config, 'regularized').lambda !== laneConfig(config, 'unregularized').lambda;

export class LabSession {
  readonly seeds: SeedSet;
  readonly problem: Problem;
  readonly operatorKind: OperatorKind;
  /** The kernels every lane runs on: what the operator computes on, not only what was asked for. */
  readonly kernel: KernelInfo;
  /** Why they differ from the backend's (float64 operator of a float32 backend, JavaScript fallback), or null. */
  readonly kernelNote: string | null;
  /** Columns of the overparameterized model. */
  readonly k: number;
  readonly flopsPerStep: number;
  private readonly lanes: Lane[];
  /** The operator the lanes share, and U₀, for timing a step before the run starts. */
  private readonly probe: { operator: LossOperator; U0: Float64Array };
  private readonly backend: KernelBackend;
  private currentConfig: RunConfig;
  private currentTau: number;
  private events: SessionEvent[] = [];

  /** Builds the problem, U₀ and one trainer per lane; every lane shares the problem, U₀ and the operator (its Gram fold included). */
  constructor(config: RunConfig, laneIds: readonly LaneId[], overrides: RunOverrides = {}) {
    if (laneIds.length === 0) throw new Error('a session needs at least one lane');
    const first = setupRun(laneConfig(config, laneIds[0]), overrides);
    const shared: RunOverrides = { problem: first.problem, U0: first.U0, k: first.k, operator: first.operator, backend: overrides.backend };
    this.lanes = laneIds.map((id, index) => ({
      id,
      trainer: index === 0 ? first.trainer : setupRun(laneConfig(config, id), shared).trainer,
      pruning: null,
      afterPrune: null,
      largestColumnsFineTuned: null,
      liveEdited: false,
    }));
    this.seeds = first.seeds;
    this.problem = first.problem;
    this.operatorKind = first.operator.kind;
    const backend = (overrides.backend ?? jsBackend).info;
    this.kernel = operatorKernel(backend, first.operator);
    this.kernelNote = operatorKernelNote(backend, this.kernel);
    this.probe = { operator: first.operator, U0: first.U0 };
    this.backend = overrides.backend ?? jsBackend;
    this.k = first.k;
    this.flopsPerStep = first.operator.flopsPerStep(first.k);
    this.currentConfig = config;
    this.currentTau = first.tau;
  }

  get config(): RunConfig {
    return this.currentConfig;
  }

  /**
   * Milliseconds one step of one lane takes on this machine and these kernels, measured on U₀
   * (see stepTime.ts); `onStage` hears the 'timing' stage's progress.
   */
  measureStepMs(now: () => number, onStage?: StageProgress): number {
    return measureStepMs(this.probe.operator, this.probe.U0, this.k, now, stageProgress(onStage, 'timing'));
  }
  /** The threshold the above-τ counts use now (pruning records its own). */
  get tau(): number {
    return this.currentTau;
  }
  get laneIds(): LaneId[] {
    return this.lanes.map((lane) => lane.id);
  }
  /** The phase of the run: the first lane's (the lab prunes all lanes together). */
  get phase(): Phase {
    return this.lanes[0].trainer.phase;
  }
  phaseOf(lane: LaneId): Phase {
    return this.lane(lane).trainer.phase;
  }
  /** Step budget of a phase. */
  budget(phase: Phase): number {
    return phase === 'train' ? this.currentConfig.steps : this.currentConfig.fineTuneSteps;
  }
  step(lane: LaneId): number {
    return this.lane(lane).trainer.step;
  }
  liveEdited(lane: LaneId): boolean {
    return this.lane(lane).liveEdited;
  }

  /** Advances one lane by up to `steps` steps of its phase. */
  advance(lane: LaneId, steps: number, observeLast = false): ChunkStatus {
    const { trainer } = this.lane(lane);
    const wasDiverged = trainer.divergence !== null;
    const status = trainer.run(steps, observeLast);
    if (status.kind === 'diverged' && !wasDiverged) {
      const { step, reason, suggestedEta } = status;
      this.events.push({ kind: 'diverged', lane, phase: trainer.phase, step, reason, suggestedEta });
    }
    return status;
  }

  /** Prunes a lane at τ: records the moment, keeps the columns with ‖U eᵢ‖ ≥ τ and switches it to fine-tuning. */
  prune(lane: LaneId, tau: number): number[] {
    const entry = this.lane(lane);
    const { trainer } = entry;
    const snapshot = trainer.snapshot();
    const largestColumnsTestError = this.largestColumnsTestError(trainer.U, snapshot.columnNorms);
    entry.largestColumnsFineTuned = this.largestColumnsFineTuned(trainer);
    const kept = trainer.prune(tau);
    const { Mstar } = this.problem;
    entry.pruning = { tau, snapshot, kept, largestColumnsTestError };
    entry.afterPrune = Mstar ? testError(trainer.U, trainer.d, trainer.k, Mstar) : null;
    this.events.push({ kind: 'pruned', lane, step: snapshot.step, tau, kept: [...kept] });
    return kept;
  }

  /** Changes live hyper-parameters (λ reaches the configured lane only); no reset. */
  setHyper(patch: Partial<HyperParameters>): void {
    const previous = this.currentConfig;
    this.currentConfig = { ...previous, ...patch };
    const { lambda, ...everyLane } = patch;
    for (const lane of this.lanes) {
      const { trainer } = lane;
      const lanePatch: Partial<HyperParameters> = lane.id === 'regularized' && lambda !== undefined ? { ...everyLane, lambda } : everyLane;
      const before = trainer.hyper;
      const changes = HYPER_KEYS.some((key) => key in lanePatch && lanePatch[key] !== before[key]);
      if (changes && (trainer.step > 0 || trainer.phase === 'finetune')) lane.liveEdited = true;
      trainer.setHyper(lanePatch);
    }
    if (patch.beta !== undefined && previous.tau === null) this.setTau(tauOf(this.currentConfig));
  }

  setBudgets(budgets: Partial<Pick<RunConfig, 'steps' | 'fineTuneSteps'>>): void {
    this.currentConfig = { ...this.currentConfig, ...budgets };
  }

  setTau(tau: number): void {
    this.currentTau = tau;
    for (const lane of this.lanes) lane.trainer.setTau(tau);
  }

  /** Back to U₀ on every lane (data, seeds and hyper-parameters kept). */
  reset(): void {
    for (const lane of this.lanes) {
      lane.trainer.reset();
      lane.pruning = null;
      lane.afterPrune = null;
      lane.largestColumnsFineTuned = null;
      lane.liveEdited = false;
    }
    this.events = [];
  }

  /** The events since the last call, oldest first. */
  takeEvents(): SessionEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  /** The lane's history so far (live arrays: copy what you keep). */
  history(lane: LaneId): Trainer['history'] {
    return this.lane(lane).trainer.history;
  }

  /** The lane's τ crossings and first exact-r step of phase 1, oldest first (live: copy what you keep). */
  thresholdEvents(lane: LaneId): readonly ThresholdEvent[] {
    return this.lane(lane).trainer.thresholdEvents;
  }

  /**
   * The lane's state with every statistic the lab shows. 'now' measures it (one loss and
   * gradient evaluation); 'lastStep' reads what the last chunk's last step measured when it
   * was advanced with observeLast (the state one step back, at almost no cost), and measures
   * now when there is no such observation.
   */
  report(id: LaneId, source: 'now' | 'lastStep' = 'now'): LaneReport {
    const lane = this.lane(id);
    const { trainer, pruning } = lane;
    const observation = source === 'lastStep' ? trainer.observation : null;
    const snapshot = observation ? observation.snapshot : trainer.snapshot();
    const U = observation ? observation.U : trainer.U;
    const { train, finetune } = trainer.history;
    const fineTuning = snapshot.phase === 'finetune';
    const trainHeldOut = newestHeldOut(train);
    const divergence = trainer.divergence;
    return {
      ...snapshot,
      lane: id,
      fractionAtHalfMax: fractionAtLeast(snapshot.columnNorms, HALF_MAX),
      milestones: {
        beforePrune: pruning ? pruning.snapshot.testError : snapshot.testError,
        afterPrune: lane.afterPrune,
        afterFineTune: fineTuning && snapshot.step > 0 ? snapshot.testError : null,
      },
      heldOutLoss: fineTuning ? (newestHeldOut(finetune) ?? trainHeldOut) : trainHeldOut,
      heldOutMilestones: {
        beforePrune: trainHeldOut,
        // Step 0 of fine-tuning is the pruned model before any fine-tuning step.
        afterFineTune: fineTuning ? newestHeldOut(finetune, finetune[0]?.step === 0 ? 1 : 0) : null,
      },
      largestColumnsTestError: pruning ? pruning.largestColumnsTestError : this.largestColumnsTestError(U, snapshot.columnNorms),
      largestColumnsFineTunedTestError: pruning && lane.largestColumnsFineTuned ? lane.largestColumnsFineTuned() : null,
      pruning,
      divergence: divergence ? { step: divergence.step, reason: divergence.reason, suggestedEta: divergence.suggestedEta } : null,
      U,
    };
  }

  /** The lane's run in the RunResult shape: what the CLI writes as run.json and the lab exports. */
  result(id: LaneId, options: ResultOptions): RunResult {
    const { trainer, pruning } = this.lane(id);
    const { d } = trainer;
    const { k } = this;
    const phase1Final = pruning ? pruning.snapshot : trainer.snapshot();
    const phase1U = pruning ? (trainer.trainedU as Float64Array) : trainer.U.slice();
    const tau = pruning ? pruning.tau : this.currentTau;
    const configured = laneConfig(this.currentConfig, id);
    const config: RunConfig =
      options.config === 'as-configured'
        ? configured
        : { ...configured, ...trainer.hyper, steps: phase1Final.step, fineTuneSteps: pruning ? trainer.step : configured.fineTuneSteps, tau };
    const divergence = trainer.divergence;
    const status: RunOutcome = divergence
      ? { kind: 'diverged', phase: trainer.phase, step: divergence.step, reason: divergence.reason, suggestedEta: divergence.suggestedEta }
      : { kind: 'completed' };
    let finetune: RunResult['finetune'] = null;
    let fits: Pick<RunResult, 'rate' | 'gradNormRate' | 'lossLimit'> = { rate: null, gradNormRate: null, lossLimit: null };
    if (pruning) {
      const final = phaseSummary(trainer.snapshot());
      finetune = { U: Array.from(trainer.U), history: [...trainer.history.finetune], final };
      fits = fineTuneFits(finetune.history, final);
    }
    return {
      config,
      seeds: this.seeds,
      operatorKind: this.operatorKind,
      kernel: { ...this.kernel },
      d,
      k,
      tau,
      phase1: { U: Array.from(phase1U), history: [...trainer.history.train], final: phaseSummary(phase1Final), eigenvalues: eigenvaluesOfUUt(phase1U, d, k) },
      kept: pruning ? [...pruning.kept] : null,
      finetune,
      ...fits,
      theory: theoryGuides(config, this.problem),
      status,
    };
  }

  private lane(id: LaneId): Lane {
    const lane = this.lanes.find((candidate) => candidate.id === id);
    if (!lane) throw new Error(`this session has no ${id} lane (it has ${this.laneIds.join(', ')})`);
    return lane;
  }

  /**
   * The test error of the r largest of the trainer's current columns fine-tuned like the
   * pruned model (Trainer.largestColumnsFineTunedError), computed on the first call on a
   * trainer that starts where this one is now, with its hyper-parameters and the current
   * fine-tuning budget; later calls return that value.
   */
  private largestColumnsFineTuned(trainer: Trainer): () => number | null {
    const { r, Mstar } = this.problem;
    if (!Mstar) return () => null;
    const options = {
      problem: this.problem,
      operator: this.probe.operator,
      U0: trainer.U.slice(),
      k: trainer.k,
      hyper: trainer.hyper,
      checkpointEvery: this.currentConfig.checkpointEvery,
      tau: this.currentTau,
      backend: this.backend,
    };
    const steps = this.currentConfig.fineTuneSteps;
    let value: number | null | undefined;
    return () => {
      if (value === undefined) value = new Trainer(options).largestColumnsFineTunedError(r, steps);
      return value;
    };
  }

  /** Test error of keeping only the r largest of the trainer's current columns (null without M*). */
  /** Of the phase-1 U whose column norms are `norms`. */
  private largestColumnsTestError(U: Float64Array, norms: Float64Array): number | null {
    const { Mstar, r, d } = this.problem;
    if (!Mstar) return null;
    return testErrorOfLargestColumns(U, d, norms.length, norms, r, Mstar);
  }
}
