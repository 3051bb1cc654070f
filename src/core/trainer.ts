// Gradient descent of math.md §3–4 in resumable chunks, so a worker can stream progress,
// pause, and change hyper-parameters between chunks without a reset.
//
// Phase 'train':    U ← U − η₁ (∇L(U) + λ U diag(w)),  w_i = w(‖u_i‖²) of the chosen form.
// Phase 'finetune': V ← V − η₂ ∇L(V) on the kept columns, without the penalty.
//
// History rule: an entry is recorded at every step t of a phase with t % checkpointEvery = 0
// (so always at t = 0) and describes the state BEFORE the update of step t. Chunk
// boundaries do not matter, so a run split into chunks records exactly the same history as
// one uninterrupted run. The state after the last step is read with snapshot().
import { columnNorms, frobeniusNorm } from './linalg';
import { countAbove, countAboveFromSquared, testError } from './metrics';
import { ThresholdTracker, type ThresholdEvent } from './thresholdEvents';
import { jsBackend } from './kernels/jsBackend';
import type { KernelBackend } from './kernels/types';
import { keptColumns, largestColumns, selectColumns } from './pruning';
import { penaltyAndWeights } from './regularizers';
import { stepEngineFor, type StepEngine } from './stepEngine';
import { blowUpReason, divergedStatus, type DivergedStatus } from './divergence';
import { lossAtZero, zeroModelEntry } from './zeroModel';
import type { ChunkStatus, HistoryEntry, HyperParameters, LossOperator, Phase, Problem, TrainerSnapshot } from './types';

/** What a chunk's last step measured before its update (see Trainer.run). */
export interface TrainerObservation {
  /** What snapshot() returned then: the state after the step before. */
  snapshot: TrainerSnapshot;
  /** U in that state: a buffer the trainer reuses, so copy what you keep. */
  U: Float64Array;
}

export interface TrainerOptions {
  problem: Problem;
  operator: LossOperator;
  U0: Float64Array;
  k: number;
  hyper: HyperParameters;
  checkpointEvery: number;
  /** Threshold for `aboveTau` in the history and snapshots. */
  tau: number;
  /** Builds the held-out loss operator (default: the JS kernels). */
  backend?: KernelBackend;
}

export class Trainer {
  readonly d: number;
  readonly history: { train: HistoryEntry[]; finetune: HistoryEntry[] } = { train: [], finetune: [] };

  private readonly problem: Problem;
  private readonly operator: LossOperator;
  /** L_test on the problem's held-out set, evaluated at checkpoints only; null without one. */
  private readonly heldOut: LossOperator | null;
  private readonly backend: KernelBackend;
  private readonly U0: Float64Array;
  private readonly k0: number;
  private readonly checkpointEvery: number;
  private readonly mstarNorm: number;
  private hyperParameters: HyperParameters;
  private tau: number;

  private currentPhase: Phase = 'train';
  private currentStep = 0;
  private columns: number;
  private u: Float64Array;
  /** Evaluates the operator and takes the steps: in its memory when it can, else here. */
  private readonly engine: StepEngine;
  private sqNorms: Float64Array;
  private weights: Float64Array;
  /** U at the last recorded checkpoint: where a diverged run is rolled back to. */
  private checkpointU: Float64Array;
  private checkpointStep = 0;
  /** Objective at step 0 of the current phase, the reference of the blow-up test. */
  private startObjective = NaN;
  private diverged: DivergedStatus | null = null;
  private keptIndices: number[] | null = null;
  private prunedFrom: Float64Array | null = null;
  private readonly thresholds: ThresholdTracker;
  private observed: TrainerObservation | null = null;
  /** The buffer of the observation's U, reused from one observation to the next. */
  private observedU = new Float64Array(0);

  constructor(options: TrainerOptions) {
    const { problem, operator, U0, k, hyper, checkpointEvery, tau, backend = jsBackend } = options;
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a whole number ≥ 1 (got ${k})`);
    if (U0.length !== problem.d * k) throw new RangeError(`U0 has ${U0.length} entries; a d×k = ${problem.d}×${k} matrix needs ${problem.d * k}`);
    if (!Number.isInteger(checkpointEvery) || checkpointEvery < 1) throw new RangeError(`checkpointEvery must be a whole number ≥ 1 (got ${checkpointEvery})`);
    this.d = problem.d;
    this.problem = problem;
    this.operator = operator;
    this.backend = backend;
    this.heldOut = backend.createHeldOutOperator(problem.d, problem.heldOut);
    this.U0 = U0.slice();
    this.k0 = k;
    this.checkpointEvery = checkpointEvery;
    this.hyperParameters = { ...hyper };
    this.tau = tau;
    this.mstarNorm = problem.Mstar ? frobeniusNorm(problem.Mstar, this.d * this.d) : NaN;
    this.columns = k;
    this.u = this.U0.slice();
    this.engine = stepEngineFor(operator, problem.d);
    this.sqNorms = new Float64Array(k);
    this.weights = new Float64Array(k);
    this.checkpointU = this.U0.slice();
    this.thresholds = new ThresholdTracker(k, problem.r);
  }

  get phase(): Phase {
    return this.currentPhase;
  }
  get step(): number {
    return this.currentStep;
  }
  get k(): number {
    return this.columns;
  }
  /** The live d×k buffer; copy it to keep it. */
  get U(): Float64Array {
    return this.currentU();
  }
  get hyper(): HyperParameters {
    return { ...this.hyperParameters };
  }
  get kept(): number[] | null {
    return this.keptIndices ? [...this.keptIndices] : null;
  }
  /** Copy of U at the moment of pruning. */
  get trainedU(): Float64Array | null {
    return this.prunedFrom ? this.prunedFrom.slice() : null;
  }
  /** The divergence that stopped the current phase, or null. */
  get divergence(): DivergedStatus | null {
    return this.diverged;
  }

  /** Takes effect on the next step; clears a divergence so the run can go on with the new values. */
  setHyper(patch: Partial<HyperParameters>): void {
    this.hyperParameters = { ...this.hyperParameters, ...patch };
    this.diverged = null;
    this.observed = null;
  }

  setTau(tau: number): void {
    if (tau !== this.tau) {
      this.thresholds.rebase();
      this.observed = null;
    }
    this.tau = tau;
  }

  /** Phase 1's τ crossings and the first step with exactly r columns above τ, oldest first (live: copy what you keep). */
  get thresholdEvents(): readonly ThresholdEvent[] {
    return this.thresholds.events;
  }

  /** Back to U₀ in phase 'train' with empty histories; hyper-parameters are kept. */
  reset(): void {
    this.currentPhase = 'train';
    this.currentStep = 0;
    this.columns = this.k0;
    this.engine.release(this.u);
    this.u = this.U0.slice();
    this.sqNorms = new Float64Array(this.k0);
    this.weights = new Float64Array(this.k0);
    this.checkpointU = this.U0.slice();
    this.checkpointStep = 0;
    this.startObjective = NaN;
    this.diverged = null;
    this.thresholds.reset();
    this.keptIndices = null;
    this.prunedFrom = null;
    this.history.train = [];
    this.history.finetune = [];
  }

  /**
   * Advances up to `steps` gradient steps of the current phase. Returns 'running' after
   * the chunk; 'done' when the phase cannot move (fine-tuning with no column kept);
   * 'diverged' when the objective became NaN/Inf or blew up. A diverged trainer is rolled
   * back to its last checkpoint and keeps returning the same status until setHyper or reset.
   * With `observeLast`, the last step keeps what it measured before its update as the
   * `observation`: the state after the step before it, for nearly the price of a step.
   */
  run(steps: number, observeLast = false): ChunkStatus {
    if (this.diverged) return this.diverged;
    if (this.columns === 0) return { kind: 'done' };
    const training = this.currentPhase === 'train';
    const { engine, checkpointEvery } = this;
    const { lambda, beta, regularizer } = this.hyperParameters;
    const eta = training ? this.hyperParameters.eta : this.hyperParameters.fineTuneEta;
    const k = this.columns;
    const U = this.u;
    const weights = training && lambda !== 0 ? this.weights : null;
    for (let i = 0; i < steps; i++) {
      const checkpoint = this.currentStep % checkpointEvery === 0;
      const observed = observeLast && i === steps - 1;
      // U may stay with the engine from one step to the next: it is brought up to date where it is read.
      const loss = engine.evaluate(U, k, training || observed ? this.sqNorms : null);
      let objective = loss;
      if (training) {
        this.thresholds.observe(this.currentStep, this.sqNorms, this.tau);
        objective += penaltyAndWeights(this.sqNorms, k, lambda, beta, regularizer, this.weights);
      }
      if (this.currentStep === 0) this.startObjective = objective;
      const blowUp = blowUpReason(objective, this.startObjective);
      if (blowUp) return this.stopDiverged(blowUp, eta);
      if (checkpoint || observed) {
        engine.sync(U, k);
        // Checkpoints and observations report the norm of the penalized gradient.
        const gradNorm = engine.gradientNorm(U, k, weights);
        if (checkpoint) this.record(loss, objective, gradNorm);
        if (observed) this.keepObservation(loss, objective, gradNorm);
      }
      engine.update(U, k, weights, eta);
      this.currentStep++;
    }
    return { kind: 'running' };
  }

  /**
   * What the last run(steps, true) measured at its last step, before that step's update: the
   * state after the step before it (a snapshot one step behind, and U then). Null once
   * anything has happened since: another chunk, a reset, pruning, a divergence, or a change
   * of τ or of the hyper-parameters (which the snapshot's counts and objective depend on).
   */
  get observation(): TrainerObservation | null {
    const observed = this.observed;
    if (!observed || this.diverged || observed.snapshot.phase !== this.currentPhase || observed.snapshot.step !== this.currentStep - 1) return null;
    return observed;
  }

  /** The current state (after the last step), measured now; τ is the one of setTau. */
  snapshot(): TrainerSnapshot {
    const k = this.columns;
    const training = this.currentPhase === 'train';
    const { lambda, beta, regularizer } = this.hyperParameters;
    const sqNorms = new Float64Array(k);
    let loss: number;
    let objective: number | null = null;
    let gradNorm = 0;
    if (k === 0) {
      loss = lossAtZero(this.problem);
    } else {
      loss = this.engine.evaluate(this.currentU(), k, sqNorms);
      if (training) objective = loss + penaltyAndWeights(sqNorms, k, lambda, beta, regularizer, this.weights);
      gradNorm = this.engine.gradientNorm(this.u, k, training && lambda !== 0 ? this.weights : null);
    }
    return this.snapshotOf(loss, training ? (objective ?? loss) : null, gradNorm, sqNorms);
  }

  /** A snapshot of the current U from what was measured at it; sqNorms are its squared column norms. */
  private snapshotOf(loss: number, objective: number | null, gradNorm: number, sqNorms: Float64Array): TrainerSnapshot {
    const norms = sqNorms.map(Math.sqrt);
    const error = this.testErrorWith(loss);
    return {
      phase: this.currentPhase,
      step: this.currentStep,
      k: this.columns,
      loss,
      objective,
      testError: error,
      relativeTestError: error === null ? null : error / this.mstarNorm,
      gradNorm,
      columnNorms: norms,
      aboveTau: countAbove(norms, this.tau),
    };
  }

  /** Keeps the state the current step measured, before its update, as the observation. */
  private keepObservation(loss: number, objective: number, gradNorm: number): void {
    const k = this.columns;
    const size = this.d * k;
    if (this.observedU.length !== size) this.observedU = new Float64Array(size);
    this.observedU.set(this.u.subarray(0, size));
    const snapshot = this.snapshotOf(loss, this.currentPhase === 'train' ? objective : null, gradNorm, this.sqNorms.subarray(0, k));
    this.observed = { snapshot, U: this.observedU };
  }

  /**
   * The alternative to pruning at τ: keep the r largest of the current columns, whatever
   * their norms, and fine-tune them for `steps` steps exactly as fine-tuning after pruning
   * would (V ← V − η₂ ∇L(V), no penalty), on a separate trainer so this one is untouched.
   * Returns ‖VVᵀ − M*‖_F after those steps; null without M* or when that fine-tuning diverged.
   */
  largestColumnsFineTunedError(r: number, steps: number): number | null {
    if (!this.problem.Mstar) return null;
    const { d } = this;
    const norms = new Float64Array(this.columns);
    columnNorms(this.currentU(), d, this.columns, norms);
    const kept = largestColumns(norms, r);
    const copy = new Trainer({
      problem: this.problem,
      operator: this.operator,
      U0: this.u.slice(),
      k: this.columns,
      hyper: this.hyperParameters,
      // Only the final state is read: one checkpoint at step 0 instead of one per interval.
      checkpointEvery: Math.max(1, steps),
      tau: this.tau,
      backend: this.backend,
    });
    copy.pruneColumns(kept);
    const status = copy.run(steps);
    return status.kind === 'diverged' ? null : copy.snapshot().testError;
  }

  /**
   * Keeps the columns with norm ≥ tau and switches to fine-tuning at step 0.
   * Returns the kept original column indices (0-based, ascending).
   */
  prune(tau: number): number[] {
    const norms = new Float64Array(this.columns);
    columnNorms(this.currentU(), this.d, this.columns, norms);
    return this.pruneColumns(keptColumns(norms, tau));
  }

  /** Keeps the given columns (0-based, ascending) and switches to fine-tuning at step 0; returns them. */
  private pruneColumns(kept: number[]): number[] {
    if (this.currentPhase !== 'train') throw new Error('the model is already pruned; reset() to train again');
    const { d } = this;
    this.prunedFrom = this.currentU().slice();
    this.engine.release(this.u);
    this.keptIndices = kept;
    this.currentPhase = 'finetune';
    this.currentStep = 0;
    this.columns = kept.length;
    this.u = selectColumns(this.prunedFrom, d, this.k0, kept);
    this.checkpointU = this.u.slice();
    this.checkpointStep = 0;
    this.startObjective = NaN;
    this.diverged = null;
    this.history.finetune = [];
    if (kept.length === 0) this.history.finetune.push(zeroModelEntry(this.problem, this.mstarNorm));
    return [...kept];
  }

  /** U now: the engine may hold a newer copy than this.u between steps. */
  private currentU(): Float64Array {
    this.engine.sync(this.u, this.columns);
    return this.u;
  }

  /** Stops the phase and rolls back to the last checkpoint. */
  private stopDiverged(what: string, eta: number): DivergedStatus {
    const { sigmaStar } = this.problem;
    const sigma1 = sigmaStar.length ? sigmaStar[0] : null;
    const status = divergedStatus({ phase: this.currentPhase, what, step: this.currentStep, eta, rolledBackTo: this.checkpointStep, hyper: this.hyperParameters, sigma1 });
    this.engine.release(this.u);
    this.u.set(this.checkpointU);
    this.currentStep = this.checkpointStep;
    this.diverged = status;
    return status;
  }

  /** Records the state before the update of the current step (U and sqNorms current), with its penalized gradient's norm. */
  private record(loss: number, objective: number, gradNorm: number): void {
    const k = this.columns;
    const entry: HistoryEntry = { step: this.currentStep, loss, gradNorm };
    if (this.currentPhase === 'train') {
      entry.objective = objective;
      entry.aboveTau = countAboveFromSquared(this.sqNorms, this.tau, k);
    }
    const error = this.testErrorWith(loss);
    if (error !== null) {
      entry.testError = error;
      entry.relativeTestError = error / this.mstarNorm;
    }
    if (this.heldOut) entry.heldOutLoss = this.heldOut.value(this.u, k);
    const phaseHistory = this.history[this.currentPhase];
    if (phaseHistory.length && phaseHistory[phaseHistory.length - 1].step === this.currentStep) phaseHistory.pop();
    phaseHistory.push(entry);
    this.checkpointU.set(this.u);
    this.checkpointStep = this.currentStep;
  }

  /**
   * ‖UUᵀ − M*‖_F of the current U, given its loss: for the population model that loss is
   * ‖UUᵀ − M*‖_F² itself (computed by the operator's kernels), so no second O(d²k) pass in
   * JavaScript is needed; otherwise it is computed from M*. Null without M*.
   */
  private testErrorWith(loss: number): number | null {
    const { Mstar, model } = this.problem;
    if (!Mstar) return null;
    if (model === 'population') return Math.sqrt(loss);
    return testError(this.u, this.d, this.columns, Mstar);
  }
}
