import { describe, expect, it } from 'vitest';
import { MAX_PROBE_CALLS, STEP_PROBE_MS, WARMUP_CALLS, WARMUP_MS, measureStepMs, projectedMs } from './stepTime';
import { takesStepsInPlace, type InPlaceDescent, type LossOperator } from './types';

/** Untimed calls before the probe times any, when each takes `ms`: WARMUP_MS of them, at least WARMUP_CALLS, at most MAX_PROBE_CALLS. */
const warmUpCalls = (ms: number): number => (ms === 0 ? MAX_PROBE_CALLS : Math.max(WARMUP_CALLS, Math.min(Math.ceil(WARMUP_MS / ms), MAX_PROBE_CALLS)));

/** An operator whose every call advances a fake clock by `ms`, counting its calls. */
function timedOperator(ms: number, clock: { t: number }) {
  let calls = 0;
  const operator: LossOperator = {
    kind: 'population',
    d: 2,
    value: () => 0,
    valueAndGradient: (_U, _k, grad) => {
      calls++;
      clock.t += ms;
      grad.fill(1);
      return 0;
    },
    flopsPerStep: () => 1,
  };
  return { operator, calls: () => calls };
}

describe('measureStepMs', () => {
  it('times calls after a warm-up until the probe budget is spent, leaving U alone', () => {
    const clock = { t: 0 };
    const { operator, calls } = timedOperator(3, clock);
    const U = new Float64Array([1, 2, 3, 4]);
    expect(measureStepMs(operator, U, 2, () => clock.t)).toBe(3);
    expect(calls()).toBe(warmUpCalls(3) + Math.ceil(STEP_PROBE_MS / 3));
    expect(Array.from(U)).toEqual([1, 2, 3, 4]);
  });

  it('stops after MAX_PROBE_CALLS calls of a fast operator, even on a clock that does not move', () => {
    const clock = { t: 0 };
    const { operator, calls } = timedOperator(0, clock);
    expect(measureStepMs(operator, new Float64Array(4), 2, () => clock.t)).toBe(0);
    expect(calls()).toBe(warmUpCalls(0) + MAX_PROBE_CALLS);
  });

  it('times at least three calls of a slow operator', () => {
    const clock = { t: 0 };
    const { operator, calls } = timedOperator(10 * STEP_PROBE_MS, clock);
    expect(measureStepMs(operator, new Float64Array(4), 2, () => clock.t)).toBe(10 * STEP_PROBE_MS);
    expect(calls()).toBe(warmUpCalls(10 * STEP_PROBE_MS) + 3);
  });

  it('reports the fastest timed call: a warming kernel or an interrupted call only slows a step down', () => {
    const clock = { t: 0 };
    // Two slow warm-up calls fill WARMUP_MS, then the timed ones.
    const durations = [WARMUP_MS - 50, 60, 12, 40, 11];
    let call = 0;
    const { operator } = timedOperator(0, clock);
    const slowing: LossOperator = { ...operator, valueAndGradient: (U, k, grad) => ((clock.t += durations[call++] ?? 10), operator.valueAndGradient(U, k, grad)) };
    // Timed: 12, 40 and 11 ms, past the budget after the minimum three calls.
    expect(measureStepMs(slowing, new Float64Array(4), 2, () => clock.t)).toBe(11);
    expect(call).toBe(WARMUP_CALLS + 3);
  });

  it('tells how far the probe got after every call, rising to 1 when it ends', () => {
    for (const ms of [0, 3, 10 * STEP_PROBE_MS]) {
      const clock = { t: 0 };
      const { operator, calls } = timedOperator(ms, clock);
      const fractions: number[] = [];
      measureStepMs(operator, new Float64Array(4), 2, () => clock.t, (fraction) => fractions.push(fraction));
      expect(fractions).toHaveLength(calls());
      expect(fractions.at(-1)).toBe(1);
      expect(fractions.slice(0, -1).every((fraction) => fraction > 0 && fraction < 1)).toBe(true);
    }
  });
});

describe('measureStepMs on an operator that steps in place', () => {
  it('times whole steps (loss and gradient, norms, update) in the operator, on a copy of U', () => {
    const clock = { t: 0 };
    const U = new Float64Array([1, 2, 3, 4]);
    const seen: Array<{ sameBuffer: boolean; eta: number; norms: boolean }> = [];
    const operator: LossOperator & InPlaceDescent = {
      kind: 'population',
      d: 2,
      value: () => 0,
      valueAndGradient: () => {
        throw new Error('the probe steps in place');
      },
      lossKeepingGradient: (_U, _k, sqNorms) => {
        clock.t += 1;
        seen.push({ sameBuffer: false, eta: NaN, norms: sqNorms !== null });
        return 0;
      },
      descend: (copy, _k, _weights, eta) => {
        clock.t += 1;
        copy.fill(-1);
        Object.assign(seen[seen.length - 1], { sameBuffer: copy === U, eta });
      },
      gradientNorm: () => 0,
      readU: () => {},
      release: () => {},
      flopsPerStep: () => 1,
    };
    expect(takesStepsInPlace(operator)).toBe(true);
    expect(measureStepMs(operator, U, 2, () => clock.t)).toBe(2);
    expect(seen).toHaveLength(warmUpCalls(2) + STEP_PROBE_MS / 2);
    expect(seen.every((call) => !call.sameBuffer && call.eta === 0 && call.norms)).toBe(true);
    expect(Array.from(U)).toEqual([1, 2, 3, 4]);
  });
});

describe('projectedMs', () => {
  it('counts every lane’s steps', () => {
    expect(projectedMs(2.5, 3000, 2)).toBe(15_000);
  });
});
