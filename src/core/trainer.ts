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
import { columnNorms, columnSquaredNorms, frobeniusNorm } from './linalg';
import { countAbove, countAboveFromSquared, testError } from './metrics';
import { ThresholdTracker, type ThresholdEvent } from './thresholdEvents';
import { jsBackend } from './kernels/jsBackend';
import type { KernelBackend } from './kernels/types';
import { keptColumns, largestColumns, selectColumns } from './pruning';
import { addColumnWeighted, addPenaltyGradient, penaltyAndWeights, penalizedUpdate } from './regularizers';
import { stabilityBound, suggestedStepSize } from './theory';
import { takesStepsInPlace, type ChunkStatus, type HistoryEntry, type HyperParameters, type LossOperator, type Phase, type Problem, type TrainerSnapshot } from './types';

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

/**
 * The objective is declared diverged when it is NaN or ±Infinity, or exceeds this many
 * times its value at step 0 of the phase (from a small initialization the objective
 * starts near L(0) = ‖M*‖²-scale and only decreases when the step size is stable).
 */
const DIVERGENCE_FACTOR = 1e6;

type DivergedStatus = Extract<ChunkStatus, { kind: 'diverged' }>;

/** (1/n) Σ y_i²: a loss at U = 0, where every prediction is 0. */
function meanSquare(y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i] * y[i];
  return s / y.length;
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
  private grad: Float64Array;
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
    this.grad = new Float64Array(this.d * k);
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
    return this.u;
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
  }

  setTau(tau: number): void {
    if (tau !== this.tau) this.thresholds.rebase();
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
    this.u = this.U0.slice();
    this.grad = new Float64Array(this.d * this.k0);
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
   */
  run(steps: number): ChunkStatus {
    if (this.diverged) return this.diverged;
    if (this.columns === 0) return { kind: 'done' };
    const training = this.currentPhase === 'train';
    const { d, operator, checkpointEvery } = this;
    const { lambda, beta, regularizer } = this.hyperParameters;
    const eta = training ? this.hyperParameters.eta : this.hyperParameters.fineTuneEta;
    const k = this.columns;
    const size = d * k;
    const U = this.u;
    const grad = this.grad;
    const penalized = training && lambda !== 0;
    const inPlace = takesStepsInPlace(operator) ? operator : null;
    // Whether U is left in the operator by the previous step (in place), stale here.
    let continuing = false;
    for (let i = 0; i < steps; i++) {
      const checkpoint = this.currentStep % checkpointEvery === 0;
      // Between checkpoints neither the gradient nor U is read here: an operator that can step in place keeps both.
      const stepInPlace = inPlace !== null && !checkpoint;
      const loss = stepInPlace ? inPlace.lossKeepingGradient(U, k, training ? this.sqNorms : null, continuing) : operator.valueAndGradient(U, k, grad);
      let objective = loss;
      if (training) {
        if (!stepInPlace) columnSquaredNorms(U, d, k, this.sqNorms);
        this.thresholds.observe(this.currentStep, this.sqNorms, this.tau);
        objective += penaltyAndWeights(this.sqNorms, k, lambda, beta, regularizer, this.weights);
      }
      if (this.currentStep === 0) this.startObjective = objective;
      const blowUp = this.blowUpReason(objective);
      if (blowUp) return this.stopDiverged(blowUp, eta);
      if (checkpoint) {
        // A checkpoint records the penalized gradient's norm, so it is formed in grad first.
        if (penalized) addColumnWeighted(U, d, k, this.weights, grad);
        this.record(loss, objective);
        for (let j = 0; j < size; j++) U[j] -= eta * grad[j];
      } else if (stepInPlace) {
        // A diverging next step rolls U back from the checkpoint, so only a chunk's end or a checkpoint needs U here.
        continuing = i + 1 < steps && (this.currentStep + 1) % checkpointEvery !== 0;
        inPlace.descend(U, k, penalized ? this.weights : null, eta, !continuing);
      } else if (penalized) {
        penalizedUpdate(U, d, k, this.weights, grad, eta);
      } else {
        for (let j = 0; j < size; j++) U[j] -= eta * grad[j];
      }
      this.currentStep++;
    }
    return { kind: 'running' };
  }

  /** The current state (after the last step), measured now; τ is the one of setTau. */
  snapshot(): TrainerSnapshot {
    const { d } = this;
    const k = this.columns;
    const training = this.currentPhase === 'train';
    const { lambda, beta, regularizer } = this.hyperParameters;
    const sqNorms = new Float64Array(k);
    columnSquaredNorms(this.u, d, k, sqNorms);
    let loss: number;
    let objective: number | null = null;
    let gradNorm = 0;
    if (k === 0) {
      loss = this.lossAtZero();
    } else {
      loss = this.operator.valueAndGradient(this.u, k, this.grad);
      if (training) objective = loss + addPenaltyGradient(this.u, d, k, sqNorms, lambda, beta, regularizer, this.weights, this.grad);
      gradNorm = frobeniusNorm(this.grad, d * k);
    }
    const norms = sqNorms.map(Math.sqrt);
    const error = this.testErrorWith(loss);
    return {
      phase: this.currentPhase,
      step: this.currentStep,
      k,
      loss,
      objective: training ? (objective ?? loss) : null,
      testError: error,
      relativeTestError: error === null ? null : error / this.mstarNorm,
      gradNorm,
      columnNorms: norms,
      aboveTau: countAbove(norms, this.tau),
    };
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
    columnNorms(this.u, d, this.columns, norms);
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
    columnNorms(this.u, this.d, this.columns, norms);
    return this.pruneColumns(keptColumns(norms, tau));
  }

  /** Keeps the given columns (0-based, ascending) and switches to fine-tuning at step 0; returns them. */
  private pruneColumns(kept: number[]): number[] {
    if (this.currentPhase !== 'train') throw new Error('the model is already pruned; reset() to train again');
    const { d } = this;
    this.prunedFrom = this.u.slice();
    this.keptIndices = kept;
    this.currentPhase = 'finetune';
    this.currentStep = 0;
    this.columns = kept.length;
    this.u = selectColumns(this.prunedFrom, d, this.k0, kept);
    this.grad = new Float64Array(d * kept.length);
    this.checkpointU = this.u.slice();
    this.checkpointStep = 0;
    this.startObjective = NaN;
    this.diverged = null;
    this.history.finetune = [];
    if (kept.length === 0) this.history.finetune.push(this.zeroModelEntry());
    return [...kept];
  }

  private blowUpReason(objective: number): string | null {
    if (Number.isNaN(objective)) return 'became NaN';
    if (!Number.isFinite(objective)) return 'became infinite';
    if (this.startObjective > 0 && objective > DIVERGENCE_FACTOR * this.startObjective) {
      return `grew to ${objective.toPrecision(3)} (over ${DIVERGENCE_FACTOR.toExponential(0)} times its starting value ${this.startObjective.toPrecision(3)})`;
    }
    return null;
  }

  /** Stops and rolls back; the reason says only what happened (presenters add the advice, see theory's divergenceAdvice). */
  private stopDiverged(what: string, eta: number): DivergedStatus {
    const training = this.currentPhase === 'train';
    const { lambda, beta, regularizer } = this.hyperParameters;
    const sigma1 = this.problem.sigmaStar.length ? this.problem.sigmaStar[0] : null;
    const bound = stabilityBound(training ? lambda : 0, beta, sigma1, regularizer);
    const suggestedEta = suggestedStepSize(eta, bound);
    const name = training ? 'η₁' : 'η₂';
    const quantity = training ? 'objective' : 'loss';
    const reason = `${quantity} ${what} at step ${this.currentStep} with ${name} = ${eta}; rolled back to step ${this.checkpointStep}`;
    const status: DivergedStatus = { kind: 'diverged', step: this.currentStep, reason, suggestedEta };
    this.u.set(this.checkpointU);
    this.currentStep = this.checkpointStep;
    this.diverged = status;
    return status;
  }

  /** Records the state before the update of the current step; grad and sqNorms are current. */
  private record(loss: number, objective: number): void {
    const { d } = this;
    const k = this.columns;
    const training = this.currentPhase === 'train';
    const entry: HistoryEntry = { step: this.currentStep, loss, gradNorm: frobeniusNorm(this.grad, d * k) };
    if (training) {
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

  /** L(0): every prediction is 0, so L is the mean square of y (or ‖M*‖² for the population). */
  private lossAtZero(): number {
    const { y, Mstar } = this.problem;
    if (y) return meanSquare(y);
    return Mstar ? frobeniusNorm(Mstar, this.d * this.d) ** 2 : NaN;
  }

  private zeroModelEntry(): HistoryEntry {
    const entry: HistoryEntry = { step: 0, loss: this.lossAtZero(), gradNorm: 0 };
    if (this.problem.Mstar) {
      entry.testError = this.mstarNorm;
      entry.relativeTestError = 1;
    }
    const heldOut = this.problem.heldOut;
    if (heldOut) entry.heldOutLoss = meanSquare(heldOut.y);
    return entry;
  }
}
