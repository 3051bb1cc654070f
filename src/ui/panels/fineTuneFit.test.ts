import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../core/config';
import { runPipeline } from '../../core/run';
import { tauOf } from '../../core/runSetup';
import { LabController } from '../../worker/controller';
import { FrameBus } from '../../worker/frameBus';
import type { FrameResponse, LabRequest } from '../../worker/labProtocol';
import { fineTuneSummary } from './fineTuneFit';

/**
 * The lab's whole path for the classroom default: the worker's controller runs phase 1 to
 * its budget, prunes at the configured τ and fine-tunes to its budget; every frame goes
 * through a frame bus and is acknowledged, as the page does.
 */
function labRun(): FrameBus {
  const bus = new FrameBus();
  const tasks: (() => void)[] = [];
  let latest: FrameResponse | null = null;
  const controller = new LabController({
    post: (message) => {
      if (message.type !== 'frame') return;
      latest = message;
      bus.publish(message, performance.now());
    },
    schedule: (task) => tasks.push(task),
    now: () => 0,
  });
  const send = (command: LabRequest): void => controller.handle(command);
  const runToIdle = (): void => {
    while (tasks.length || latest) {
      if (latest) {
        const { frameId } = latest;
        latest = null;
        send({ type: 'ack', frameId });
      } else (tasks.shift() as () => void)();
    }
  };
  send({ type: 'init', config: DEFAULT_CONFIG, lanes: ['regularized'] });
  send({ type: 'start' });
  runToIdle();
  send({ type: 'prune', tau: tauOf(DEFAULT_CONFIG) });
  send({ type: 'fineTune' });
  runToIdle();
  return bus;
}

describe('fineTuneSummary', () => {
  it('prints the same ρ as core and the CLI for the default run', () => {
    const expected = runPipeline(DEFAULT_CONFIG);
    const snapshot = labRun().getLatest();
    if (!snapshot) throw new Error('the lab published no frame');
    expect(snapshot.frame.lanes[0].step).toBe(DEFAULT_CONFIG.fineTuneSteps);
    const summary = fineTuneSummary(snapshot, 'regularized');
    expect(expected.rate).not.toBeNull();
    expect(summary?.rho).toBe(expected.rate?.rho);
    expect(summary?.gradNormRho).toBe(expected.gradNormRate?.rho);
    expect(summary?.fit).toMatchObject({ rho: expected.rate?.rho, C: expected.rate?.C });
  });

  it('is null before pruning', () => {
    const bus = new FrameBus();
    const controller = new LabController({ post: (m) => m.type === 'frame' && bus.publish(m, performance.now()), schedule: () => undefined, now: () => 0 });
    controller.handle({ type: 'init', config: DEFAULT_CONFIG, lanes: ['regularized'] });
    const snapshot = bus.getLatest();
    expect(snapshot).not.toBeNull();
    expect(fineTuneSummary(snapshot as NonNullable<typeof snapshot>, 'regularized')).toBeNull();
  });
});
