// The lab worker's logic, free of `self` so it runs in tests: owns one Trainer per lane,
// runs them in chunks of about CHUNK_TARGET_MS, yields between chunks so pause and
// hyper-parameter messages are handled mid-run, and sends at most one frame at a time
// (the next only after the main thread acknowledged the previous one).
import { parseConfig, parseField } from '../core/config';
import type { RunConfig } from '../core/config';
import { eigenvaluesOfUUt } from '../core/metrics';
import { testErrorOfLargestColumns } from '../core/pruning';
import { fineTuneFits, setupRun, summarize, tauOf, theoryGuides } from '../core/run';
import type { RunResult, RunSetup, RunStatus as RunOutcome } from '../core/run';
import { defaultTau } from '../core/theory';
import type { Trainer } from '../core/trainer';
import type { ChunkStatus, HyperParameters, OperatorKind, Phase, Problem, SeedSet, TrainerSnapshot } from '../core/types';
import { HEATMAP_MAX_ENTRIES, LANE_IDS, frameTransferables } from './protocol';
import type {
  FrameMessage,
  LaneFrame,
  LaneId,
  LaneRunExport,
  LaneState,
  RunInfo,
  RunStatus,
  WorkerCommand,
  WorkerMessage,
} from './protocol';

/** What the controller needs from its surroundings (the worker global, or a test stub). */
export interface ControllerHost {
  post(message: WorkerMessage, transfer: Transferable[]): void;
  /** Runs `task` after the messages already queued for the worker have been handled. */
  schedule(task: () => void): void;
  /** Milliseconds from a monotonic clock. */
  now(): number;
}

/** Wall time one chunk of steps (all lanes together) aims to take, so messages wait at most about this long. */
export const CHUNK_TARGET_MS = 10;
/** A frame's snapshot (one extra loss and gradient per lane) may take at most this share of the running time. */
const SNAPSHOT_SHARE = 0.2;
/** Steps-per-second is averaged over windows of about this length. */
const RATE_WINDOW_MS = 500;
const MAX_CHUNK_STEPS = 1_000_000;

const HYPER_KEYS = ['lambda', 'beta', 'regularizer', 'eta', 'fineTuneEta'] as const satisfies readonly (keyof HyperParameters)[];

interface Lane {
  id: LaneId;
  trainer: Trainer;
  state: LaneState;
  /** History entries of each phase already sent in a frame. */
  sent: { train: number; finetune: number };
  /** The state just before pruning and the τ it was pruned at (null before pruning). */
  trainFinal: TrainerSnapshot | null;
  pruneTau: number | null;
  /** A hyper-parameter of this lane changed after its first step (the run is no longer one config). */
  liveEdited: boolean;
  /** Test error of the r largest phase-1 columns at the moment of pruning (null before, or without M*). */
  largestAtPruning: number | null;
}

/** What every lane shares, kept for exports. */
interface SharedSetup {
  seeds: SeedSet;
  problem: Problem;
  operatorKind: OperatorKind;
  k: number;
}

const freshLaneState = (): Pick<Lane, 'state' | 'sent' | 'trainFinal' | 'pruneTau' | 'liveEdited' | 'largestAtPruning'> => ({
  state: 'active',
  sent: { train: 0, finetune: 0 },
  trainFinal: null,
  pruneTau: null,
  liveEdited: false,
  largestAtPruning: null,
});

type Mode = { kind: 'continuous' } | { kind: 'steps'; remaining: number };

/** The outcome of a chunk of zero steps. */
const NO_STEPS: ChunkStatus = { kind: 'running' };

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class LabController {
  private lanes: Lane[] = [];
  private config: RunConfig | null = null;
  private shared: SharedSetup | null = null;
  /** The threshold the aboveTau counts currently use. */
  private tau = 0;
  private status: RunStatus = 'idle';
  private mode: Mode = { kind: 'continuous' };
  private epoch = 0;
  private frameId = 0;
  private frameInFlight = false;
  private dirty = false;
  private loopScheduled = false;
  private disposed = false;
  /** Recent wall time per step of all lanes together, for sizing chunks. */
  private msPerStep = 0;
  private chunkSteps = 1;
  private snapshotMs = 0;
  private lastFrameAt = -Infinity;
  private rateWindowStart = 0;
  private rateWindowSteps = 0;
  private stepsPerSecond = 0;

  constructor(private readonly host: ControllerHost) {}

  /** Entry point for every message from the main thread; never throws. */
  handle(data: unknown): void {
    if (this.disposed) return;
    try {
      const command = this.validate(data);
      if (command) this.dispatch(command);
    } catch (error) {
      this.stopWithError(error);
    }
  }

  private post(message: WorkerMessage, transfer: Transferable[] = []): void {
    this.host.post(message, transfer);
  }

  private fail(message: string, fields?: string[]): void {
    this.post(fields ? { type: 'error', message, fields } : { type: 'error', message });
  }

  private stopWithError(error: unknown): void {
    if (this.status === 'running') this.status = 'paused';
    this.fail(`The training worker hit an error: ${errorText(error)}. Press Reset to start again.`);
    this.markDirty();
  }

  /** Checks the shape of a command (the main thread is ours, but a bad message must not crash the run). */
  private validate(data: unknown): WorkerCommand | null {
    if (typeof data !== 'object' || data === null || typeof (data as { type?: unknown }).type !== 'string') {
      this.fail('The worker received a message without a type; expected a command such as {type: "start"}.');
      return null;
    }
    const command = data as WorkerCommand;
    const positiveInt = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 1;
    switch (command.type) {
      case 'step':
        if (!positiveInt(command.steps)) {
          this.fail(`step needs a whole number of steps ≥ 1 (got ${JSON.stringify(command.steps)})`);
          return null;
        }
        return command;
      case 'setTau':
      case 'prune':
        if (!(typeof command.tau === 'number' && Number.isFinite(command.tau) && command.tau > 0)) {
          this.fail(`τ must be a positive number (got ${JSON.stringify(command.tau)})`, ['tau']);
          return null;
        }
        return command;
      case 'ack':
        return typeof command.frameId === 'number' ? command : null;
      case 'exportRun':
        if (typeof command.requestId !== 'number') {
          this.fail('exportRun needs a numeric requestId to answer to.');
          return null;
        }
        return command;
      case 'init':
      case 'start':
      case 'pause':
      case 'reset':
      case 'setHyper':
      case 'setLimits':
      case 'fineTune':
      case 'dispose':
        return command;
      default:
        this.fail(`The worker does not know the command ${JSON.stringify((data as { type: string }).type)}.`);
        return null;
    }
  }

  private dispatch(command: WorkerCommand): void {
    switch (command.type) {
      case 'init':
        this.init(command.config, command.lanes);
        return;
      case 'ack':
        if (command.frameId === this.frameId) {
          this.frameInFlight = false;
          this.flushFrame();
        }
        return;
      case 'dispose':
        this.disposed = true;
        this.lanes = [];
        this.status = 'idle';
        return;
    }
    if (!this.config || this.lanes.length === 0) {
      this.fail(`"${command.type}" needs a run; the worker has not been initialized with a valid configuration.`);
      return;
    }
    switch (command.type) {
      case 'start':
        this.run(this.phase(), { kind: 'continuous' });
        return;
      case 'fineTune':
        if (this.phase() !== 'finetune') {
          this.fail('Fine-tuning runs on the pruned model: press Prune first.');
          return;
        }
        this.run('finetune', { kind: 'continuous' });
        return;
      case 'step':
        this.run(this.phase(), { kind: 'steps', remaining: command.steps });
        return;
      case 'pause':
        if (this.status === 'running') this.status = 'paused';
        this.markDirty();
        return;
      case 'reset':
        this.reset();
        return;
      case 'setHyper':
        this.setHyper(command.patch);
        return;
      case 'setLimits':
        this.setLimits(command.steps, command.fineTuneSteps);
        return;
      case 'setTau':
        this.tau = command.tau;
        for (const lane of this.lanes) lane.trainer.setTau(command.tau);
        this.markDirty();
        return;
      case 'exportRun':
        this.post({ type: 'runExport', requestId: command.requestId, runs: this.lanes.map((lane) => this.exportLane(lane)) });
        return;
      case 'prune':
        this.prune(command.tau);
        return;
    }
  }

  // ------------------------------------------------------------------ commands

  private init(rawConfig: unknown, rawLanes: unknown): void {
    this.status = 'idle';
    this.lanes = [];
    this.config = null;
    this.shared = null;
    const parsed = parseConfig(rawConfig, 'strict');
    if (!parsed.ok) {
      const list = parsed.errors.map((e) => `• ${e.message}`).join('\n');
      this.fail(`The configuration was refused; change:\n${list}`, parsed.errors.map((e) => e.field));
      return;
    }
    const lanes: unknown[] = Array.isArray(rawLanes) ? rawLanes : [];
    const ids = LANE_IDS.filter((id) => lanes.includes(id));
    if (ids.length === 0 || ids.length !== lanes.length) {
      this.fail(`init needs a list of distinct lanes from ${LANE_IDS.join(', ')} (got ${JSON.stringify(rawLanes)})`);
      return;
    }
    const config = parsed.config;
    const laneConfig = (id: LaneId): RunConfig => (id === 'unregularized' ? { ...config, lambda: 0 } : config);
    let first: RunSetup;
    let trainers: Trainer[];
    try {
      first = setupRun(laneConfig(ids[0]));
      // Every lane shares the problem, U₀ and the operator (its one-time Gram fold included).
      const shared = { problem: first.problem, U0: first.U0, k: first.k, operator: first.operator };
      trainers = ids.map((id, index) => (index === 0 ? first.trainer : setupRun(laneConfig(id), shared).trainer));
    } catch (error) {
      this.fail(`Could not set up the run: ${errorText(error)}`);
      return;
    }
    this.lanes = ids.map((id, index) => ({ id, trainer: trainers[index], ...freshLaneState() }));
    this.config = config;
    this.shared = { seeds: first.seeds, problem: first.problem, operatorKind: first.operator.kind, k: first.k };
    this.tau = first.tau;
    this.epoch++;
    this.mode = { kind: 'continuous' };
    this.msPerStep = 0;
    this.chunkSteps = 1;
    this.snapshotMs = 0;
    const info: RunInfo = {
      seeds: first.seeds,
      operatorKind: first.operator.kind,
      d: first.problem.d,
      k: first.k,
      r: first.problem.r,
      n: first.problem.n,
      sigmaStar: Array.from(first.problem.sigmaStar),
      flopsPerStep: first.operator.flopsPerStep(first.k),
      lanes: ids,
      tau: first.tau,
      defaultTau: defaultTau(config.beta),
      heatmap: first.problem.d * first.k <= HEATMAP_MAX_ENTRIES,
      theory: theoryGuides(config, first.problem),
    };
    this.post({ type: 'ready', epoch: this.epoch, info });
    this.markDirty();
  }

  private reset(): void {
    for (const lane of this.lanes) {
      lane.trainer.reset();
      Object.assign(lane, freshLaneState());
    }
    this.status = 'idle';
    this.mode = { kind: 'continuous' };
    this.epoch++;
    this.markDirty();
  }

  private setHyper(patch: Partial<HyperParameters>): void {
    const accepted: Partial<HyperParameters> = {};
    for (const key of HYPER_KEYS) {
      if (!(key in patch)) continue;
      const parsed = parseField(key, patch[key]);
      if ('error' in parsed) {
        this.fail(parsed.error, [key]);
        return;
      }
      Object.assign(accepted, { [key]: parsed.value });
    }
    const config = this.config as RunConfig;
    this.config = { ...config, ...accepted };
    const { lambda, ...shared } = accepted;
    for (const lane of this.lanes) {
      const { trainer } = lane;
      const patchForLane: Partial<HyperParameters> = lane.id === 'regularized' && lambda !== undefined ? { ...shared, lambda } : shared;
      const before = trainer.hyper;
      const changes = HYPER_KEYS.some((key) => key in patchForLane && patchForLane[key] !== before[key]);
      if (changes && (trainer.step > 0 || trainer.phase === 'finetune')) lane.liveEdited = true;
      trainer.setHyper(patchForLane);
      // Trainer.setHyper clears a divergence, so a lane stopped by a too-large η can go on.
      if (lane.state === 'diverged') lane.state = 'active';
    }
    if (this.status === 'diverged') this.status = 'paused';
    if (accepted.beta !== undefined && config.tau === null) {
      this.tau = tauOf(this.config);
      for (const lane of this.lanes) lane.trainer.setTau(this.tau);
    }
    this.markDirty();
  }

  private setLimits(steps: unknown, fineTuneSteps: unknown): void {
    const config = this.config as RunConfig;
    const next = { ...config };
    for (const [key, raw] of [['steps', steps], ['fineTuneSteps', fineTuneSteps]] as const) {
      if (raw === undefined) continue;
      const parsed = parseField(key, raw);
      if ('error' in parsed) {
        this.fail(parsed.error, [key]);
        return;
      }
      next[key] = parsed.value as number;
    }
    this.config = next;
    const limit = this.limit(this.phase());
    for (const lane of this.lanes) {
      if (lane.state === 'done' && lane.trainer.step < limit) lane.state = 'active';
    }
    if (this.status === 'done' && this.lanes.some((lane) => lane.state === 'active')) this.status = 'paused';
    this.markDirty();
  }

  private prune(tau: number): void {
    if (this.phase() !== 'train') {
      this.fail('The model is already pruned; press Reset to train again before pruning.');
      return;
    }
    if (this.status === 'running') this.status = 'paused';
    for (const lane of this.lanes) {
      lane.trainFinal = lane.trainer.snapshot();
      lane.pruneTau = tau;
      lane.largestAtPruning = this.largestColumnsTestError(lane.trainer, lane.trainFinal.columnNorms);
      const kept = lane.trainer.prune(tau);
      lane.state = 'active';
      lane.sent.finetune = 0;
      this.post({ type: 'pruned', lane: lane.id, kept });
    }
    this.status = 'paused';
    this.mode = { kind: 'continuous' };
    this.markDirty();
  }

  // ------------------------------------------------------------------ running

  private phase(): Phase {
    return this.lanes[0].trainer.phase;
  }

  private limit(phase: Phase): number {
    const config = this.config as RunConfig;
    return phase === 'train' ? config.steps : config.fineTuneSteps;
  }

  private run(phase: Phase, mode: Mode): void {
    if (mode.kind === 'continuous' && this.lanes.every((lane) => lane.trainer.step >= this.limit(phase))) {
      for (const lane of this.lanes) if (lane.state === 'active') lane.state = 'done';
      this.status = 'done';
      this.post({ type: 'done', phase });
      this.markDirty();
      return;
    }
    for (const lane of this.lanes) {
      // A diverged lane is tried again: its trainer reports the divergence at once unless
      // setHyper changed the step size in the meantime.
      if (lane.state === 'diverged' || mode.kind === 'steps' || lane.trainer.step < this.limit(phase)) lane.state = 'active';
    }
    this.mode = mode;
    if (this.status !== 'running') {
      this.rateWindowStart = this.host.now();
      this.rateWindowSteps = 0;
    }
    this.status = 'running';
    this.scheduleChunk();
  }

  private scheduleChunk(): void {
    if (this.loopScheduled) return;
    this.loopScheduled = true;
    this.host.schedule(() => {
      this.loopScheduled = false;
      try {
        this.runChunk();
      } catch (error) {
        this.stopWithError(error);
      }
    });
  }

  private runChunk(): void {
    if (this.disposed || this.status !== 'running') return;
    const phase = this.phase();
    const limit = this.limit(phase);
    // Chunks run tens of times a second: walk the lanes in place rather than allocate a list of the active ones.
    let activeLanes = 0;
    let steps = this.chunkSteps;
    if (this.mode.kind === 'steps') steps = Math.min(steps, this.mode.remaining);
    for (const lane of this.lanes) {
      if (lane.state !== 'active') continue;
      activeLanes++;
      if (this.mode.kind === 'continuous') steps = Math.min(steps, limit - lane.trainer.step);
    }
    steps = Math.max(steps, 0);

    const start = this.host.now();
    let diverged = false;
    for (const lane of this.lanes) {
      // Only this lane's own state changes below, so the test matches the count above.
      if (lane.state !== 'active') continue;
      const before = lane.trainer.step;
      const result = steps > 0 ? lane.trainer.run(steps) : NO_STEPS;
      if (result.kind === 'diverged') {
        lane.state = 'diverged';
        diverged = true;
        this.post({ type: 'diverged', lane: lane.id, step: result.step, reason: result.reason, suggestedEta: result.suggestedEta });
      } else if (result.kind === 'done' || (this.mode.kind === 'continuous' && lane.trainer.step >= limit)) {
        lane.state = 'done';
      } else if (lane.trainer.step === before && steps > 0) {
        lane.state = 'done';
      }
    }
    const elapsed = this.host.now() - start;
    this.adaptChunk(steps, activeLanes, elapsed);
    this.countRate(steps);

    if (this.mode.kind === 'steps') this.mode = { kind: 'steps', remaining: this.mode.remaining - steps };
    if (diverged) {
      this.status = 'diverged';
    } else if (this.lanes.every((lane) => lane.state !== 'active')) {
      this.status = this.mode.kind === 'steps' ? 'paused' : 'done';
      if (this.status === 'done') this.post({ type: 'done', phase });
    } else if (this.mode.kind === 'steps' && this.mode.remaining <= 0) {
      this.status = 'paused';
    }
    if (this.status !== 'running') this.stepsPerSecond = 0;
    this.markDirty();
    if (this.status === 'running') this.scheduleChunk();
  }

  /** Sizes the next chunk from the measured time of this one (`lanes` lanes ran `steps` steps each). */
  private adaptChunk(steps: number, lanes: number, elapsed: number): void {
    if (steps <= 0 || lanes === 0) return;
    const sample = elapsed / (steps * lanes);
    this.msPerStep = this.msPerStep === 0 ? sample : 0.7 * this.msPerStep + 0.3 * sample;
    const target = this.msPerStep > 0 ? CHUNK_TARGET_MS / (this.msPerStep * lanes) : this.chunkSteps * 2;
    // Grow at most 2× per chunk so one fast measurement cannot produce a chunk that blocks for long.
    this.chunkSteps = Math.max(1, Math.min(MAX_CHUNK_STEPS, Math.floor(target), this.chunkSteps * 2));
  }

  private countRate(steps: number): void {
    this.rateWindowSteps += steps;
    const now = this.host.now();
    const span = now - this.rateWindowStart;
    if (span >= RATE_WINDOW_MS) {
      this.stepsPerSecond = (this.rateWindowSteps * 1000) / span;
      this.rateWindowStart = now;
      this.rateWindowSteps = 0;
    }
  }

  // ------------------------------------------------------------------ export

  /** The lane's run in the RunResult shape of core/run.ts, with the config that repeats it. */
  private exportLane(lane: Lane): LaneRunExport {
    const { trainer } = lane;
    const shared = this.shared as SharedSetup;
    const pruned = trainer.phase === 'finetune';
    const trainFinal = pruned ? (lane.trainFinal as TrainerSnapshot) : trainer.snapshot();
    const phase1U = pruned ? (trainer.trainedU as Float64Array) : trainer.U.slice();
    const tau = lane.pruneTau ?? this.tau;
    const config: RunConfig = {
      ...(this.config as RunConfig),
      ...trainer.hyper,
      steps: trainFinal.step,
      fineTuneSteps: pruned ? trainer.step : (this.config as RunConfig).fineTuneSteps,
      tau,
    };
    const divergence = trainer.divergence;
    const status: RunOutcome = divergence
      ? { kind: 'diverged', phase: trainer.phase, step: divergence.step, reason: divergence.reason, suggestedEta: divergence.suggestedEta }
      : { kind: 'completed' };
    let finetune: RunResult['finetune'] = null;
    let fits: Pick<RunResult, 'rate' | 'gradNormRate' | 'lossLimit'> = { rate: null, gradNormRate: null, lossLimit: null };
    if (pruned) {
      const final = summarize(trainer.snapshot());
      finetune = { U: Array.from(trainer.U), history: [...trainer.history.finetune], final };
      fits = fineTuneFits(finetune.history, final);
    }
    const result: RunResult = {
      config,
      seeds: shared.seeds,
      operatorKind: shared.operatorKind,
      d: trainer.d,
      k: shared.k,
      tau,
      phase1: {
        U: Array.from(phase1U),
        history: [...trainer.history.train],
        final: summarize(trainFinal),
        eigenvalues: eigenvaluesOfUUt(phase1U, trainer.d, shared.k),
      },
      kept: trainer.kept,
      finetune,
      ...fits,
      theory: theoryGuides(config, shared.problem),
      status,
    };
    return { lane: lane.id, result, reproducible: !lane.liveEdited };
  }

  // ------------------------------------------------------------------ frames

  /** Test error of keeping only the r largest of the trainer's current columns (null without M*). */
  private largestColumnsTestError(trainer: Trainer, norms: Float64Array): number | null {
    const { problem } = this.shared as SharedSetup;
    if (!problem.Mstar) return null;
    return testErrorOfLargestColumns(trainer.U, trainer.d, trainer.k, norms, problem.r, problem.Mstar);
  }

  private markDirty(): void {
    this.dirty = true;
    this.flushFrame();
  }

  /**
   * Sends the current state if something changed, no frame is in flight and the last
   * snapshot's cost allows it. A frame always shows the latest state; history recorded
   * while waiting for an ack is carried by the next frame.
   */
  private flushFrame(): void {
    if (!this.dirty || this.frameInFlight || this.lanes.length === 0 || this.disposed) return;
    const start = this.host.now();
    // Expensive snapshots (large d·k) are spaced out while running; the loop flushes again
    // after its next chunk, and a stopped run always gets its final frame at once.
    if (this.status === 'running' && start < this.lastFrameAt + this.snapshotMs / SNAPSHOT_SHARE) return;
    const frame = this.buildFrame();
    const end = this.host.now();
    this.snapshotMs = end - start;
    this.lastFrameAt = end;
    this.dirty = false;
    this.frameInFlight = true;
    this.post(frame, frameTransferables(frame));
  }

  private buildFrame(): FrameMessage {
    const lanes: LaneFrame[] = this.lanes.map((lane) => {
      const { trainer } = lane;
      const snapshot = trainer.snapshot();
      const history = trainer.history;
      const newHistory = { train: history.train.slice(lane.sent.train), finetune: history.finetune.slice(lane.sent.finetune) };
      lane.sent = { train: history.train.length, finetune: history.finetune.length };
      const kept = trainer.kept;
      return {
        lane: lane.id,
        state: lane.state,
        phase: snapshot.phase,
        step: snapshot.step,
        k: snapshot.k,
        columnNorms: snapshot.columnNorms,
        keptIndices: kept ? Int32Array.from(kept) : null,
        loss: snapshot.loss,
        objective: snapshot.objective,
        testError: snapshot.testError,
        relativeTestError: snapshot.relativeTestError,
        gradNorm: snapshot.gradNorm,
        aboveTau: snapshot.aboveTau,
        newHistory,
        divergence: trainer.divergence
          ? { step: trainer.divergence.step, reason: trainer.divergence.reason, suggestedEta: trainer.divergence.suggestedEta }
          : null,
        U: trainer.d * snapshot.k <= HEATMAP_MAX_ENTRIES ? trainer.U.slice(0, trainer.d * snapshot.k) : null,
        largestColumnsTestError: snapshot.phase === 'train' ? this.largestColumnsTestError(trainer, snapshot.columnNorms) : lane.largestAtPruning,
        atPruning:
          lane.trainFinal && lane.pruneTau !== null ? { columnNorms: lane.trainFinal.columnNorms.slice(), tau: lane.pruneTau } : null,
      };
    });
    this.frameId++;
    return {
      type: 'frame',
      frameId: this.frameId,
      epoch: this.epoch,
      status: this.status,
      stepsPerSecond: this.status === 'running' ? this.stepsPerSecond : 0,
      lanes,
    };
  }
}
