import { describe, expect, it } from 'vitest';
import { leastSquaresLine, logGamma, studentTCdf, studentTQuantile, tInterval } from './regression';

// Closed forms of Student's t CDF for small df, independent of the incomplete beta function.
const cdf1 = (t: number) => 0.5 + Math.atan(t) / Math.PI;
const cdf2 = (t: number) => 0.5 + t / (2 * Math.sqrt(2 + t * t));
const cdf4 = (t: number) => {
  const x = t / Math.sqrt(4 + t * t);
  return 0.5 + (3 / 4) * x * (1 - (x * x) / 3);
};

describe('regression', () => {
  it('fits an exact line and refuses a single x', () => {
    const xs = [0, 1, 2, 3];
    const fit = leastSquaresLine(xs, xs.map((x) => 2 - 0.5 * x));
    expect(fit?.slope).toBeCloseTo(-0.5, 14);
    expect(fit?.intercept).toBeCloseTo(2, 14);
    expect(leastSquaresLine([1, 1], [2, 3])).toBeNull();
    expect(leastSquaresLine([1], [2])).toBeNull();
  });

  it('log Γ matches factorials', () => {
    let factorial = 1;
    for (let n = 1; n < 15; n++) {
      expect(logGamma(n + 1)).toBeCloseTo(Math.log((factorial *= n)), 11);
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
  });

  it("Student's t CDF matches the closed forms for 1, 2 and 4 degrees of freedom", () => {
    for (const t of [-7, -1.3, -0.2, 0, 0.4, 1.3, 2.5, 30]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(cdf1(t), 12);
      expect(studentTCdf(t, 2)).toBeCloseTo(cdf2(t), 12);
      expect(studentTCdf(t, 4)).toBeCloseTo(cdf4(t), 12);
    }
  });

  it('the quantile inverts the CDF', () => {
    for (const df of [1, 2, 4, 9, 30]) {
      for (const p of [0.025, 0.5, 0.9, 0.975, 0.995]) {
        expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 11);
      }
    }
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(Math.tan(Math.PI * 0.475), 9);
    expect(() => studentTQuantile(1, 3)).toThrow(RangeError);
  });

  it('t interval: mean ∓ t·sd/√n, none for one value', () => {
    const values = [1, 2, 4];
    const interval = tInterval(values, 0.95);
    const sd = Math.sqrt(((1 - 7 / 3) ** 2 + (2 - 7 / 3) ** 2 + (4 - 7 / 3) ** 2) / 2);
    const half = (studentTQuantile(0.975, 2) * sd) / Math.sqrt(3);
    expect(interval?.mean).toBeCloseTo(7 / 3, 14);
    expect(interval?.low).toBeCloseTo(7 / 3 - half, 12);
    expect(interval?.high).toBeCloseTo(7 / 3 + half, 12);
    expect(tInterval([5], 0.95)).toEqual({ mean: 5, sd: null, count: 1, level: 0.95, low: null, high: null });
    expect(tInterval([], 0.95)).toBeNull();
  });
});
