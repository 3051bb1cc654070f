import { describe, expect, it } from 'vitest';
import { FrameBus } from './frameBus';
import type { FrameSnapshot } from './frameBus';
import { LabClient } from './labClient';
import type { WorkerPort } from './labClient';
import type { FrameResponse, LaneFrame, LabRequest, LabResponse } from './labProtocol';
import { AFTER_EVERY_REQUEST, laneFrame, sampleRunInfo } from './testing';

class FakeWorker implements WorkerPort {
  onmessage: ((event: MessageEvent<LabResponse>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: ((event: MessageEvent) => void) | null = null;
  readonly sent: LabRequest[] = [];
  terminated = false;
  postMessage(command: LabRequest): void {
    this.sent.push(command);
  }
  terminate(): void {
    this.terminated = true;
  }
  emit(message: LabResponse): void {
    this.onmessage?.({ data: message } as MessageEvent<LabResponse>);
  }
}

function trainingLane(step: number, trainSteps: number[]): LaneFrame {
  return laneFrame({ step, newHistory: { train: trainSteps.map((s) => ({ step: s, loss: 1, gradNorm: 0.1 })), finetune: [] } });
}

const frame = (frameId: number, epoch: number, step: number, trainSteps: number[]): FrameResponse => ({
  type: 'frame',
  frameId,
  epoch,
  handled: AFTER_EVERY_REQUEST,
  status: 'running',
  stepsPerSecond: 100,
  lanes: [trainingLane(step, trainSteps)],
});

function setup() {
  const worker = new FakeWorker();
  const bus = new FrameBus();
  const callbacks: ((time: number) => void)[] = [];
  const drawn: FrameResponse[] = [];
  const messages: LabResponse[] = [];
  const client = new LabClient({
    worker,
    bus,
    requestFrame: (callback) => callbacks.push(callback),
    cancelFrame: (handle) => {
      callbacks[handle - 1] = () => undefined;
    },
    onFrame: (f) => drawn.push(f),
    onMessage: (m) => messages.push(m),
  });
  const animate = (time = 16): void => {
    const pending = callbacks.splice(0);
    for (const callback of pending) callback(time);
  };
  return { worker, bus, client, drawn, messages, animate, callbacks };
}

describe('LabClient', () => {
  it('publishes a frame and acks it only inside the animation frame', () => {
    const { worker, bus, client, drawn, animate } = setup();
    const seen: FrameSnapshot[] = [];
    bus.subscribe((s) => seen.push(s));
    client.send({ type: 'start' });
    worker.emit(frame(1, 1, 10, [0]));
    expect(worker.sent).toEqual([{ type: 'start' }]);
    expect(seen).toHaveLength(0);
    animate();
    expect(seen).toHaveLength(1);
    expect(drawn.map((f) => f.frameId)).toEqual([1]);
    expect(worker.sent.at(-1)).toEqual({ type: 'ack', frameId: 1 });
  });

  it('accumulates history across frames of an epoch and starts over on a new epoch', () => {
    const { worker, bus, animate } = setup();
    worker.emit(frame(1, 1, 10, [0]));
    animate();
    worker.emit(frame(2, 1, 30, [10, 20]));
    animate();
    expect(bus.getLatest()?.history.regularized?.train.map((e) => e.step)).toEqual([0, 10, 20]);
    worker.emit(frame(3, 2, 0, [0]));
    animate();
    expect(bus.getLatest()?.history.regularized?.train.map((e) => e.step)).toEqual([0]);
  });

  it('passes ready info to the bus and other messages to the store', () => {
    const { worker, bus, messages, animate } = setup();
    const info = sampleRunInfo({ d: 3, k: 3, r: 1 });
    worker.emit({ type: 'ready', epoch: 1, info });
    worker.emit({ type: 'error', message: 'nope', fields: [] });
    expect(messages.map((m) => m.type)).toEqual(['ready', 'error']);
    worker.emit(frame(1, 1, 0, [0]));
    animate();
    expect(bus.getLatest()?.info).toBe(info);
  });

  it('acknowledges but does not draw a frame of the previous run that arrives after ready', () => {
    const { worker, bus, drawn, animate } = setup();
    worker.emit(frame(1, 1, 10, [0]));
    worker.emit({ type: 'ready', epoch: 2, info: sampleRunInfo({ d: 3 }) });
    animate();
    expect(drawn).toHaveLength(0);
    expect(bus.getLatest()).toBeNull();
    expect(worker.sent.at(-1)).toEqual({ type: 'ack', frameId: 1 });
    worker.emit(frame(2, 2, 0, [0]));
    animate();
    expect(drawn.map((f) => f.frameId)).toEqual([2]);
  });

  it('reports a worker crash as an error message and stops cleanly on dispose', () => {
    const { worker, client, messages, animate, drawn } = setup();
    let prevented = false;
    worker.onerror?.({ message: 'boom', preventDefault: () => void (prevented = true) } as unknown as ErrorEvent);
    expect(prevented).toBe(true);
    expect(messages.at(-1)).toMatchObject({ type: 'error' });
    expect((messages.at(-1) as { message: string }).message).toMatch(/boom/);

    worker.emit(frame(1, 1, 0, [0]));
    client.dispose();
    animate();
    expect(drawn).toHaveLength(0);
    expect(worker.sent.at(-1)).toEqual({ type: 'dispose' });
    expect(worker.terminated).toBe(true);
    client.send({ type: 'start' });
    expect(worker.sent.at(-1)).toEqual({ type: 'dispose' });
  });
});
