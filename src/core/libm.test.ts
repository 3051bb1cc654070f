import { describe, expect, it } from 'vitest';
import { cos, log, sin, sinCos, TRIG_MAX } from './libm';
import { Rng } from './rng';

/** The bits of a double as 16 hex digits. */
function bits(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, '0');
}

/** Distance in units in the last place between two finite doubles of the same sign. */
function ulps(a: number, b: number): number {
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, a);
  view.setFloat64(8, b);
  return Number(view.getBigInt64(0) - view.getBigInt64(8));
}

// fdlibm's results (as Node 20's V8, whose Math.log/sin/cos are fdlibm ports, returns them):
// [x, log x, sin x, cos x]. The ports must give these bits on any engine.
const FDLIBM: [number, string, string, string][] = [
  [0.1, 'c0026bb1bbb55515', '3fb98eaecb8bcb2c', '3fefd712f9a817c0'],
  [0.7071067811865476, 'bfd62e42fefa39ee', '3fe4c9d367f3eace', '3fe853ec7a2cd121'],
  [0.9999999, 'be7ad7f2b1049b9f', '3feaed547207310c', '3fe14a283ce21d46'],
  [1e-5, 'c027069e2aa2aa5b', '3ee4f8b588e1e8a2', '3feffffffff920c8'],
  [3.1, '3ff21a3919b7ac89', '3fa54a0f8298102e', 'bfeff8ea4756a624'],
  [Math.PI / 2, '3fdce6bb25aa1315', '3ff0000000000000', '3c91a62633145c07'],
  [(3 * Math.PI) / 2, '3ff8cd99441787d0', 'bff0000000000000', 'bcaa79394c9e8a0a'],
  [2 * Math.PI, '3ffd67f1c864beb4', 'bcb1a62633145c07', '3ff0000000000000'],
  [(3 * Math.PI) / 4, '3feb6cef8934d5b0', '3fe6a09e667f3bcd', 'bfe6a09e667f3bcc'],
  [(7 * Math.PI) / 4, '3ffb44fff81fc225', 'bfe6a09e667f3bce', '3fe6a09e667f3bcb'],
];

describe('libm', () => {
  it('gives fdlibm\'s bits', () => {
    for (const [x, lnx, sinx, cosx] of FDLIBM) {
      expect([bits(log(x)), bits(sin(x)), bits(cos(x))], `x = ${x}`).toEqual([lnx, sinx, cosx]);
    }
  });

  it('stays within one unit in the last place of the engine\'s Math over the random streams\' ranges', () => {
    const rng = new Rng(7);
    let worst = 0;
    for (let i = 0; i < 20000; i++) {
      const u = 1 - rng.nextFloat();
      const angle = 2 * Math.PI * rng.nextFloat();
      const wide = 2 ** (2000 * rng.nextFloat() - 1000);
      worst = Math.max(worst, Math.abs(ulps(log(u), Math.log(u))), Math.abs(ulps(log(wide), Math.log(wide))));
      for (const [ours, theirs] of [[sin(angle), Math.sin(angle)], [cos(angle), Math.cos(angle)]]) {
        // Near a zero of sin or cos the ULP scale collapses; compare absolutely there.
        if (Math.abs(theirs) > 1e-3) worst = Math.max(worst, Math.abs(ulps(ours, theirs)));
        else expect(Math.abs(ours - theirs)).toBeLessThan(1e-18);
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('sinCos gives the bits of sin and cos over the whole reduced range, quadrant edges included', () => {
    const rng = new Rng(11);
    const out = new Float64Array(2);
    const edges = [0, -0, Math.PI / 4, Math.PI / 2, Math.PI, (3 * Math.PI) / 2, 2 * Math.PI, TRIG_MAX, -TRIG_MAX].flatMap((x) => [x, x * (1 + 2 ** -52), x * (1 - 2 ** -52)]).filter((x) => Math.abs(x) <= TRIG_MAX);
    const angles = [...edges, ...FDLIBM.map(([x]) => x), ...Array.from({ length: 20000 }, () => TRIG_MAX * (2 * rng.nextFloat() - 1))];
    for (const x of angles) {
      sinCos(x, out);
      expect([bits(out[0]), bits(out[1])], `x = ${x}`).toEqual([bits(sin(x)), bits(cos(x))]);
    }
    expect(() => sinCos(NaN, out)).toThrow(RangeError);
  });

  it('handles the special values of log', () => {
    expect(log(0)).toBe(-Infinity);
    expect(log(-0)).toBe(-Infinity);
    expect(log(-1)).toBeNaN();
    expect(log(NaN)).toBeNaN();
    expect(log(Infinity)).toBe(Infinity);
    expect(log(1)).toBe(0);
    expect(log(5e-324)).toBeCloseTo(-744.4400719213812, 12);
    expect(Object.is(sin(-0), -0) && cos(0) === 1).toBe(true);
  });

  it('refuses angles outside the range it reduces', () => {
    expect(() => sin(TRIG_MAX * 2)).toThrow(RangeError);
    expect(() => cos(NaN)).toThrow(/\|x\| ≤ 6\.3/);
  });
});
