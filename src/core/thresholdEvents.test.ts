import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config';
import { LabSession } from './session';
import { ThresholdTracker } from './thresholdEvents';

const squared = (norms: number[]) => norms.map((x) => x * x);

describe('ThresholdTracker', () => {
  it('records each column crossing τ up or down at its step, and the first step with exactly r above', () => {
    const tracker = new ThresholdTracker(3, 1);
    tracker.observe(0, squared([0.1, 0.1, 0.1]), 0.5);
    tracker.observe(1, squared([0.6, 0.5, 0.1]), 0.5);
    tracker.observe(2, squared([0.7, 0.4, 0.1]), 0.5);
    tracker.observe(3, squared([0.4, 0.6, 0.1]), 0.5);
    expect(tracker.events).toEqual([
      { kind: 'crossed', column: 0, direction: 'up', step: 1 },
      // Exactly τ counts as above, as pruning keeps it.
      { kind: 'crossed', column: 1, direction: 'up', step: 1 },
      { kind: 'crossed', column: 1, direction: 'down', step: 2 },
      { kind: 'reachedRank', r: 1, step: 2 },
      { kind: 'crossed', column: 0, direction: 'down', step: 3 },
      { kind: 'crossed', column: 1, direction: 'up', step: 3 },
    ]);
  });

  it('does not count a moved τ as crossings, and forgets everything on reset', () => {
    const tracker = new ThresholdTracker(2, 2);
    tracker.observe(0, squared([0.6, 0.1]), 0.5);
    tracker.rebase();
    tracker.observe(1, squared([0.6, 0.1]), 0.05);
    expect(tracker.events).toEqual([{ kind: 'reachedRank', r: 2, step: 1 }]);
    tracker.reset();
    expect(tracker.events).toEqual([]);
  });
});

describe('a session records the classroom story', () => {
  it('columns rise above τ, the extra ones fall back, and exactly r stand above τ from a recorded step on', () => {
    const config = { ...DEFAULT_CONFIG, d: 12, k: 12, r: 2, n: 400, steps: 1500 };
    const session = new LabSession(config, ['regularized']);
    session.advance('regularized', config.steps);
    const events = session.thresholdEvents('regularized');
    const reached = events.find((event) => event.kind === 'reachedRank');
    expect(reached).toBeDefined();
    const ups = events.filter((event) => event.kind === 'crossed' && event.direction === 'up').length;
    const downs = events.filter((event) => event.kind === 'crossed' && event.direction === 'down').length;
    // Replaying the crossings gives the count above τ the session reports now.
    expect(ups - downs).toBe(session.report('regularized').aboveTau);
    expect(session.report('regularized').aboveTau).toBe(config.r);
    const steps = events.map((event) => event.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
  });
});
