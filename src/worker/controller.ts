// The lab worker's transport and scheduling, free of `self` so it runs in tests. The run itself
// (trainers, pruning moment, milestones, statistics, the exported RunResult) is a core
// LabSession; the controller checks commands, runs the session's lanes in chunks of about
// CHUNK_TARGET_MS, yields between chunks so pause and hyper-parameter messages are handled
// mid-run, and sends at most one frame at a time (the next only after the main thread
// acknowledged the previous one).
import { parseConfig } from '../core/config';
import { LANE_IDS, LabSession, HYPER_KEYS, type LaneId } from '../core/session';
import type { ChunkStatus, HyperParameters, Phase } from '../core/types';
import type { StageProgress } from '../core/runSetup';
import { ChunkPacer } from './chunkPacer';
import { FramePacing } from './framePacing';
import { PlaybackClock } from './playbackClock';
import { checkLabRequest } from './labRequestCheck';
import { JS_KERNELS, type ControllerHost } from './controllerHost';
import { buildLaneFrame, type SentHistory } from './laneFrame';
import { parseLiveFields } from './liveFields';
import { frameTransferables } from './labProtocol';
import type { FrameResponse, LaneState, LabRequest, LabResponse, RunStatus } from './labProtocol';
import { runInfo } from './runInfo';

export { CHUNK_TARGET_MS } from './chunkPacer';
export type { ControllerHost, LabKernels } from './controllerHost';

/** The worker's bookkeeping of one lane: whether it may step, and what history it has sent. */
interface LaneSchedule {
  id: LaneId;
  state: LaneState;
  sent: SentHistory;
  /** The lane's last chunk kept what its last step measured, for the next frame to report. */
  observed: boolean;
}

type Mode = { kind: 'continuous' } | { kind: 'steps'; remaining: number };

/** The outcome of a chunk of zero steps. */
const NO_STEPS: ChunkStatus = { kind: 'running' };

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const freshSchedule = (id: LaneId): LaneSchedule => ({ id, state: 'active', sent: { train: 0, finetune: 0, events: 0 }, observed: false });

export class LabController {
  private session: LabSession | null = null;
  private lanes: LaneSchedule[] = [];
  private status: RunStatus = 'idle';
  private mode: Mode = { kind: 'continuous' };
  private epoch = 0;
  private frameId = 0;
  private frameInFlight = false;
  private dirty = false;
  private loopScheduled = false;
  private disposed = false;
  private readonly pacer: ChunkPacer;
  private readonly playback: PlaybackClock;
  private readonly framePacing: FramePacing;
  private lastSentStatus: RunStatus | null = null;
  /** Messages received so far (FrameResponse.handled). */
  private handled = 0;

  constructor(private readonly host: ControllerHost) {
    this.pacer = new ChunkPacer(() => host.now());
    this.framePacing = new FramePacing(this.pacer, () => this.lanes.length);
    this.playback = new PlaybackClock(() => host.now());
  }

  /** Entry point for every message from the main thread; never throws. */
  handle(data: unknown): void {
    this.handled++;
    if (this.disposed) return;
    try {
      const command = checkLabRequest(data, (message, fields) => this.fail(message, fields));
      if (command) this.dispatch(command);
    } catch (error) {
      this.stopWithError(error);
    }
  }

  private post(message: LabResponse, transfer: Transferable[] = []): void {
    this.host.post(message, transfer);
  }

  private fail(message: string, fields: string[] = []): void {
    this.post({ type: 'error', message, fields });
  }

  private stopWithError(error: unknown): void {
    if (this.status === 'running') this.status = 'paused';
    this.fail(`The training worker hit an error: ${errorText(error)}. Press Reset to start again.`);
    this.markDirty();
  }

  private dispatch(command: LabRequest): void {
    switch (command.type) {
      case 'init':
        this.init(command.config, command.lanes);
        return;
      case 'setSpeed':
        this.playback.setSpeed(command.stepsPerSecond);
        return;
      case 'ack':
        if (command.frameId === this.frameId) {
          this.frameInFlight = false;
          this.flushFrame();
        }
        return;
      case 'dispose':
        this.disposed = true;
        this.session = null;
        this.lanes = [];
        this.status = 'idle';
        return;
    }
    const session = this.session;
    if (!session) {
      this.fail(`"${command.type}" needs a run; the worker has not been initialized with a valid configuration.`);
      return;
    }
    switch (command.type) {
      case 'start':
        this.run(session, { kind: 'continuous' });
        return;
      case 'fineTune':
        if (session.phase !== 'finetune') {
          this.fail('Fine-tuning runs on the pruned model: press Prune first.');
          return;
        }
        this.run(session, { kind: 'continuous' });
        return;
      case 'step':
        this.run(session, { kind: 'steps', remaining: command.steps });
        return;
      case 'pause':
        if (this.status === 'running') this.status = 'paused';
        this.markDirty();
        return;
      case 'reset':
        session.reset();
        this.lanes = this.lanes.map((lane) => freshSchedule(lane.id));
        this.status = 'idle';
        this.mode = { kind: 'continuous' };
        this.epoch++;
        this.markDirty();
        return;
      case 'setHyper':
        this.setHyper(session, command.patch);
        return;
      case 'setLimits':
        this.setLimits(session, command.patch);
        return;
      case 'setTau':
        session.setTau(command.tau);
        this.markDirty();
        return;
      case 'exportRun':
        this.post({
          type: 'runExport',
          requestId: command.requestId,
          runs: this.lanes.map(({ id }) => ({ lane: id, result: session.result(id, { config: 'as-run' }), reproducible: !session.liveEdited(id) })),
        });
        return;
      case 'prune':
        this.prune(session, command.tau);
        return;
    }
  }

  // ------------------------------------------------------------------ commands

  private init(rawConfig: unknown, rawLanes: unknown): void {
    this.status = 'idle';
    this.session = null;
    this.lanes = [];
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
    const kernels = this.host.kernels?.() ?? JS_KERNELS;
    const onStage: StageProgress = (stage, fraction) => this.post({ type: 'preparing', stage, fraction });
    let session: LabSession;
    try {
      session = new LabSession(config, ids, { backend: kernels.backend, onStage });
    } catch (error) {
      this.fail(`Could not set up the run: ${errorText(error)}`);
      return;
    }
    this.session = session;
    this.lanes = ids.map(freshSchedule);
    this.epoch++;
    this.mode = { kind: 'continuous' };
    this.pacer.restart();
    this.framePacing.restart();
    const info = runInfo(session, config, ids, kernels.notes, () => this.host.now(), onStage);
    this.post({ type: 'ready', epoch: this.epoch, info });
    this.markDirty();
  }

  private setHyper(session: LabSession, patch: Partial<HyperParameters>): void {
    const accepted = parseLiveFields(HYPER_KEYS, patch);
    if (!accepted.ok) {
      this.fail(accepted.error, [accepted.field]);
      return;
    }
    session.setHyper(accepted.values);
    // Trainer.setHyper clears a divergence, so a lane stopped by a too-large η can go on.
    for (const lane of this.lanes) if (lane.state === 'diverged') lane.state = 'active';
    if (this.status === 'diverged') this.status = 'paused';
    this.markDirty();
  }

  private setLimits(session: LabSession, patch: Partial<Record<'steps' | 'fineTuneSteps', unknown>>): void {
    const budgets = parseLiveFields(['steps', 'fineTuneSteps'] as const, patch);
    if (!budgets.ok) {
      this.fail(budgets.error, [budgets.field]);
      return;
    }
    session.setBudgets(budgets.values);
    const limit = session.budget(session.phase);
    for (const lane of this.lanes) {
      if (lane.state === 'done' && session.step(lane.id) < limit) lane.state = 'active';
    }
    if (this.status === 'done' && this.lanes.some((lane) => lane.state === 'active')) this.status = 'paused';
    this.markDirty();
  }

  private prune(session: LabSession, tau: number): void {
    if (session.phase !== 'train') {
      this.fail('The model is already pruned; press Reset to train again before pruning.');
      return;
    }
    for (const lane of this.lanes) {
      const kept = session.prune(lane.id, tau);
      lane.state = 'active';
      lane.sent.finetune = 0;
      this.post({ type: 'pruned', lane: lane.id, kept });
    }
    session.takeEvents();
    this.status = 'paused';
    this.mode = { kind: 'continuous' };
    this.markDirty();
  }

  // ------------------------------------------------------------------ running

  /**
   * Runs the current phase: continuously up to its budget, or `remaining` steps. Steps never
   * go past the budget, so the step counter and "N of N steps" cannot disagree.
   */
  private run(session: LabSession, mode: Mode): void {
    const limit = session.budget(session.phase);
    if (this.lanes.every((lane) => session.step(lane.id) >= limit)) {
      for (const lane of this.lanes) if (lane.state === 'active') lane.state = 'done';
      this.status = 'done';
      this.post({ type: 'done', phase: session.phase });
      this.markDirty();
      return;
    }
    for (const lane of this.lanes) {
      // A diverged lane is tried again: its trainer reports the divergence at once unless
      // setHyper changed the step size in the meantime.
      if (lane.state === 'diverged' || session.step(lane.id) < limit) lane.state = 'active';
    }
    this.mode = mode;
    if (this.status !== 'running') {
      this.pacer.startRate();
      this.playback.restart();
    }
    this.status = 'running';
    // Say so at once: the first chunk of a large problem may take seconds.
    this.markDirty();
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
    }, this.playback.delay());
  }

  private runChunk(): void {
    const session = this.session;
    if (this.disposed || !session || this.status !== 'running') return;
    const phase: Phase = session.phase;
    const limit = session.budget(phase);
    // Chunks run tens of times a second: walk the lanes in place rather than allocate a list of the active ones.
    let activeLanes = 0;
    let steps = this.mode.kind === 'steps' ? Math.min(this.pacer.chunkSteps, this.mode.remaining) : this.playback.allowance(this.pacer.chunkSteps);
    for (const lane of this.lanes) {
      if (lane.state !== 'active') continue;
      activeLanes++;
      steps = Math.min(steps, limit - session.step(lane.id));
    }
    steps = Math.max(steps, 0);

    const start = this.host.now();
    // Observe the last step when measuring afresh is costly and a frame will be due after this chunk.
    const observe = steps > 0 && this.framePacing.observeChunk(start, this.frameInFlight);
    let diverged = false;
    for (const lane of this.lanes) {
      // Only this lane's own state changes below, so the test matches the count above.
      lane.observed = false;
      if (lane.state !== 'active') continue;
      const before = session.step(lane.id);
      const result = steps > 0 ? session.advance(lane.id, steps, observe) : NO_STEPS;
      lane.observed = observe && result.kind === 'running';
      if (result.kind === 'diverged') {
        lane.state = 'diverged';
        diverged = true;
        this.post({ type: 'diverged', lane: lane.id, step: result.step, reason: result.reason, suggestedEta: result.suggestedEta });
      } else if (result.kind === 'done' || session.step(lane.id) >= limit || (session.step(lane.id) === before && steps > 0)) {
        lane.state = 'done';
      }
    }
    session.takeEvents();
    this.pacer.measure(steps, activeLanes, this.host.now() - start);
    this.playback.took(steps);

    if (this.mode.kind === 'steps') this.mode = { kind: 'steps', remaining: this.mode.remaining - steps };
    if (diverged) {
      this.status = 'diverged';
    } else if (this.lanes.every((lane) => lane.state !== 'active')) {
      this.status = 'done';
      this.post({ type: 'done', phase });
    } else if (this.mode.kind === 'steps' && this.mode.remaining <= 0) {
      this.status = 'paused';
    }
    if (this.status !== 'running') this.pacer.stopRate();
    this.markDirty();
    if (this.status === 'running') this.scheduleChunk();
  }

  // ------------------------------------------------------------------ frames

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
    const session = this.session;
    if (!this.dirty || this.frameInFlight || !session || this.disposed) return;
    const start = this.host.now();
    // While running, frames are spaced out by what they cost; the loop flushes again after its
    // next chunk, and a stopped run always gets its final frame at once, measured then.
    // A change of status is never held back.
    if (this.status === 'running' && this.status === this.lastSentStatus) {
      if (this.framePacing.spacedOut(start)) return;
      if (this.framePacing.awaitObservation(this.lanes.some((lane) => lane.state === 'active' && !lane.observed))) return;
    }
    const running = this.status === 'running';
    let observedLanes = 0;
    this.frameId++;
    const frame: FrameResponse = {
      type: 'frame',
      frameId: this.frameId,
      epoch: this.epoch,
      handled: this.handled,
      status: this.status,
      stepsPerSecond: running ? this.pacer.stepsPerSecond : 0,
      lanes: this.lanes.map((lane) => {
        const observed = running && lane.observed;
        if (observed) observedLanes++;
        lane.observed = false;
        return buildLaneFrame(session, lane.id, lane.state, lane.sent, observed ? 'lastStep' : 'now');
      }),
    };
    const end = this.host.now();
    this.framePacing.sent(start, end, observedLanes);
    this.dirty = false;
    this.frameInFlight = true;
    this.lastSentStatus = this.status;
    this.post(frame, frameTransferables(frame));
  }
}
