import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG } from '../core/config';
import type { FrameResponse, LabResponse } from './labProtocol';

/** A stand-in for the worker global: records postMessage calls and exposes onmessage. */
class FakeWorkerScope {
  onmessage: ((event: MessageEvent<unknown>) => void) | null = null;
  readonly posted: { message: LabResponse; transfer: Transferable[] }[] = [];
  postMessage(message: LabResponse, options?: { transfer?: Transferable[] }): void {
    this.posted.push({ message, transfer: options?.transfer ?? [] });
  }
  /** Delivers a message and lets the worker handle it (an init first awaits its kernels). */
  async receive(data: unknown): Promise<void> {
    this.onmessage?.({ data } as MessageEvent<unknown>);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/** MessageChannel whose messages are delivered only when the test says so. */
class ManualChannel {
  static queue: (() => void)[] = [];
  readonly port1: { onmessage: (() => void) | null } = { onmessage: null };
  readonly port2 = { postMessage: (): void => void ManualChannel.queue.push(() => this.port1.onmessage?.()) };
}

function deliver(count: number): void {
  for (let i = 0; i < count && ManualChannel.queue.length; i++) (ManualChannel.queue.shift() as () => void)();
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
  ManualChannel.queue = [];
});

async function loadWorker(): Promise<FakeWorkerScope> {
  const scope = new FakeWorkerScope();
  vi.stubGlobal('self', scope);
  vi.stubGlobal('MessageChannel', ManualChannel);
  vi.stubGlobal('navigator', { hardwareConcurrency: 2 });
  // A clock that never moves makes chunk sizing deterministic (1, 2, 4, … steps).
  vi.stubGlobal('performance', { now: () => 0 });
  await import('./lab.worker');
  return scope;
}

describe('lab.worker', () => {
  it('wires self messages to the controller and transfers frame buffers', async () => {
    const scope = await loadWorker();
    await scope.receive({ type: 'init', config: { ...DEFAULT_CONFIG, d: 8, k: 8, r: 2, n: 200, kernel: 'js' }, lanes: ['regularized'] });
    const types = scope.posted.map((p) => p.message.type);
    // Setup progress (as many messages as it reports), then ready and the first frame.
    expect(types.filter((type, i) => type !== types[i - 1])).toEqual(['preparing', 'ready', 'frame']);
    const first = scope.posted[types.indexOf('frame')];
    const frame = first.message as FrameResponse;
    expect(first.transfer).toEqual([frame.lanes[0].columnNorms.buffer, frame.lanes[0].U?.buffer]);

    await scope.receive({ type: 'start' });
    deliver(3);
    // No ack yet: chunks ran but no second frame was sent.
    expect(scope.posted.filter((p) => p.message.type === 'frame')).toHaveLength(1);
    await scope.receive({ type: 'ack', frameId: frame.frameId });
    const frames = scope.posted.filter((p) => p.message.type === 'frame').map((p) => p.message as FrameResponse);
    expect(frames).toHaveLength(2);
    expect(frames[1].status).toBe('running');
    expect(frames[1].lanes[0].step).toBe(1 + 2 + 4);
  });

  it('turns an invalid config into an error message, not an exception', async () => {
    const scope = await loadWorker();
    await expect(scope.receive({ type: 'init', config: { d: 'NaN', k: 0 }, lanes: ['regularized'] })).resolves.toBeUndefined();
    const [posted] = scope.posted;
    expect(posted.message.type).toBe('error');
    if (posted.message.type === 'error') {
      expect(posted.message.fields).toEqual(['d', 'k']);
      expect(posted.message.message).toMatch(/change:/);
    }
  });
});
