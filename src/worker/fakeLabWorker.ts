// A stand-in for the lab's Web Worker in jsdom tests of the code that owns it (useLabWorker,
// the App): stub it as the global `Worker` and every `new Worker(…)` runs the real
// LabController in-process. Messages queue in both directions, as across a real thread
// boundary, and move only when the test pumps them, so a test decides exactly what is in
// flight when (a frame posted before a re-init, a frame waiting for its paint).
import { LabController } from './controller';
import type { WorkerPort } from './labClient';
import type { LabRequest, LabResponse } from './labProtocol';

export class FakeLabWorker implements WorkerPort {
  /** Every instance constructed since the last `reset()`, in order. */
  static created: FakeLabWorker[] = [];
  /** The controller's clock (the real one unless a test sets it before constructing). */
  static now: () => number = () => performance.now();

  static reset(): void {
    FakeLabWorker.created = [];
    FakeLabWorker.now = () => performance.now();
  }

  onmessage: ((event: MessageEvent<LabResponse>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: ((event: MessageEvent) => void) | null = null;
  readonly url: string;
  /** Every command the page sent, in order. */
  readonly received: LabRequest[] = [];
  /** Every message the worker posted, in order (delivered or not). */
  readonly posted: LabResponse[] = [];
  terminated = false;

  private readonly inbox: LabRequest[] = [];
  private readonly outbox: LabResponse[] = [];
  private readonly tasks: (() => void)[] = [];
  private readonly controller: LabController;

  constructor(
    url: string | URL,
    readonly options?: WorkerOptions,
  ) {
    this.url = String(url);
    FakeLabWorker.created.push(this);
    this.controller = new LabController({
      post: (message) => {
        this.posted.push(message);
        this.outbox.push(message);
      },
      schedule: (task) => this.tasks.push(task),
      now: () => FakeLabWorker.now(),
    });
  }

  postMessage(command: LabRequest): void {
    if (this.terminated) throw new Error(`posted ${command.type} to a terminated worker`);
    // A real postMessage hands the worker a structured clone, never the page's objects.
    const copy = structuredClone(command);
    this.received.push(copy);
    this.inbox.push(copy);
  }

  terminate(): void {
    this.terminated = true;
  }

  /** Training chunks the controller has scheduled and not yet run. */
  get pendingChunks(): number {
    return this.tasks.length;
  }

  /** The frames the worker posted so far. */
  framesPosted(): Extract<LabResponse, { type: 'frame' }>[] {
    return this.posted.filter((message) => message.type === 'frame');
  }

  /** The worker handles every queued command, then the page receives every queued message. */
  flush(): void {
    if (this.terminated) return;
    while (this.inbox.length > 0) this.controller.handle(this.inbox.shift());
    while (this.outbox.length > 0 && !this.terminated) {
      const message = this.outbox.shift() as LabResponse;
      this.onmessage?.({ data: message } as MessageEvent<LabResponse>);
    }
  }

  /** Runs the next scheduled training chunk (if any) and then `flush()`es. */
  runChunk(): void {
    this.flush();
    const task = this.tasks.shift();
    if (task && !this.terminated) task();
    this.flush();
  }

  /** The worker script throws (an uncaught error in a real worker). */
  crash(message: string): void {
    this.onerror?.({ message, preventDefault: () => undefined } as ErrorEvent);
  }
}

/** A requestAnimationFrame the test drives: `paint(time)` runs the callbacks queued so far. */
export class ManualAnimationFrames {
  private callbacks = new Map<number, FrameRequestCallback>();
  private nextHandle = 1;
  /** Handles cancelled so far. */
  readonly cancelled: number[] = [];

  readonly request = (callback: FrameRequestCallback): number => {
    const handle = this.nextHandle++;
    this.callbacks.set(handle, callback);
    return handle;
  };

  readonly cancel = (handle: number): void => {
    this.cancelled.push(handle);
    this.callbacks.delete(handle);
  };

  get pending(): number {
    return this.callbacks.size;
  }

  paint(time: number): void {
    const due = [...this.callbacks.values()];
    this.callbacks.clear();
    for (const callback of due) callback(time);
  }
}
