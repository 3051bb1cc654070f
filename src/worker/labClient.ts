// The main thread's end of the lab worker: posts typed commands, hands frames to the
// frame bus inside requestAnimationFrame and acknowledges each frame only after it was
// drawn, so the worker never has more than one frame in flight.
import type { FrameBus } from './frameBus';
import type { FrameResponse, LabRequest, LabResponse } from './labProtocol';

/** The part of `Worker` the client uses (a fake in tests). */
export interface WorkerPort {
  postMessage(command: LabRequest): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<LabResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  onmessageerror: ((event: MessageEvent) => void) | null;
}

export interface LabClientOptions {
  worker: WorkerPort;
  bus: FrameBus;
  /** Schedules a callback before the next paint (requestAnimationFrame in the browser). */
  requestFrame: (callback: (time: number) => void) => number;
  cancelFrame: (handle: number) => void;
  /** Called inside the animation frame, after the bus listeners drew the frame. */
  onFrame: (frame: FrameResponse, time: number) => void;
  onMessage: (message: Exclude<LabResponse, FrameResponse>) => void;
}

export class LabClient {
  private pendingFrame: FrameResponse | null = null;
  /** Epoch of the latest `ready`: frames of an earlier run are acknowledged but not drawn. */
  private readyEpoch = -Infinity;
  private frameHandle: number | null = null;
  private disposed = false;
  /** Requests posted so far: the worker counts the same messages (FrameResponse.handled). */
  private sent = 0;

  constructor(private readonly options: LabClientOptions) {
    const { worker } = options;
    worker.onmessage = (event) => this.receive(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      options.onMessage({ type: 'error', message: `The training worker failed: ${event.message || 'unknown error'}. Press Reset to start again.`, fields: [] });
    };
    worker.onmessageerror = () => {
      options.onMessage({ type: 'error', message: 'A message from the training worker could not be read. Press Reset to start again.', fields: [] });
    };
  }

  /** Posts `command`; returns its position among every request posted (from 1), or 0 once disposed. */
  send(command: LabRequest): number {
    if (this.disposed) return 0;
    this.options.worker.postMessage(command);
    return ++this.sent;
  }

  /** Stops the worker; frames still queued are dropped. */
  dispose(): void {
    if (this.disposed) return;
    this.send({ type: 'dispose' });
    this.disposed = true;
    if (this.frameHandle !== null) this.options.cancelFrame(this.frameHandle);
    this.frameHandle = null;
    this.pendingFrame = null;
    this.options.worker.onmessage = null;
    this.options.worker.onerror = null;
    this.options.worker.onmessageerror = null;
    this.options.worker.terminate();
  }

  private receive(message: LabResponse): void {
    if (this.disposed) return;
    if (message.type === 'frame') {
      // The worker waits for our ack, so at most one frame is ever pending here.
      this.pendingFrame = message;
      if (this.frameHandle === null) this.frameHandle = this.options.requestFrame((time) => this.drawPending(time));
      return;
    }
    if (message.type === 'ready') {
      this.readyEpoch = message.epoch;
      this.options.bus.setInfo(message.info);
    }
    this.options.onMessage(message);
  }

  private drawPending(time: number): void {
    this.frameHandle = null;
    const frame = this.pendingFrame;
    if (!frame || this.disposed) return;
    this.pendingFrame = null;
    try {
      if (frame.epoch >= this.readyEpoch) {
        this.options.bus.publish(frame, time);
        this.options.onFrame(frame, time);
      }
    } finally {
      this.send({ type: 'ack', frameId: frame.frameId });
    }
  }
}
