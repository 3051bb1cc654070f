import { describe, expect, it } from 'vitest';
import { HeldU } from './heldU';

/** Slots as plain arrays, with a log of the copies made. */
function heldWith(count: number) {
  const slots = Array.from({ length: count }, () => new Float64Array(3));
  const log: string[] = [];
  const held = new HeldU(count, {
    copyIn: (slot, from, size) => {
      slots[slot].set(from.subarray(0, size));
      log.push(`in ${slot}`);
    },
    copyOut: (slot, to, size) => {
      to.set(slots[slot].subarray(0, size));
      log.push(`out ${slot}`);
    },
  });
  return { held, slots, log };
}

describe('HeldU', () => {
  it('copies a caller in once, keeps its copy across calls and writes back only what moved', () => {
    const { held, slots, log } = heldWith(2);
    const a = new Float64Array([1, 2, 3]);
    const b = new Float64Array([4, 5, 6]);
    expect(held.acquire(a, 3)).toBe(0);
    expect(held.acquire(b, 3)).toBe(1);
    expect(held.acquire(a, 3)).toBe(0);
    expect(log).toEqual(['in 0', 'in 1']);
    slots[0][0] = 10;
    held.moved(0);
    held.readInto(b);
    held.readInto(a);
    held.readInto(a);
    expect(Array.from(a)).toEqual([10, 2, 3]);
    expect(log).toEqual(['in 0', 'in 1', 'out 0']);
  });

  it('makes room with the least recently used slot, writing its moved copy back to its owner first', () => {
    const { held, slots, log } = heldWith(2);
    const [a, b, c] = [1, 2, 3].map((x) => new Float64Array([x, x, x]));
    held.acquire(a, 3);
    held.acquire(b, 3);
    slots[0][1] = 7;
    held.moved(0);
    held.acquire(b, 3);
    expect(held.acquire(c, 3)).toBe(0);
    expect(Array.from(a)).toEqual([1, 7, 1]);
    expect(log).toEqual(['in 0', 'in 1', 'out 0', 'in 0']);
    // a lost its slot: it is copied in again, with the values written back.
    expect(held.acquire(a, 3)).toBe(1);
    expect(Array.from(slots[1])).toEqual([1, 7, 1]);
  });

  it('drops a released copy without writing it back, and takes a fresh copy when asked', () => {
    const { held, slots, log } = heldWith(1);
    const a = new Float64Array([1, 2, 3]);
    held.acquire(a, 3);
    slots[0][2] = 9;
    held.moved(0);
    held.release(a);
    held.readInto(a);
    expect(Array.from(a)).toEqual([1, 2, 3]);
    a[0] = 5;
    held.acquire(a, 3);
    held.acquire(a, 3, true);
    expect(log).toEqual(['in 0', 'in 0', 'in 0']);
    expect(Array.from(slots[0])).toEqual([5, 2, 3]);
  });

  it('flush writes back every moved copy and forgets them all', () => {
    const { held, slots, log } = heldWith(2);
    const a = new Float64Array(3);
    const b = new Float64Array(3);
    held.acquire(a, 3);
    held.acquire(b, 3);
    slots[1].fill(4);
    held.moved(1);
    held.flush();
    expect(Array.from(b)).toEqual([4, 4, 4]);
    held.acquire(a, 3);
    expect(log).toEqual(['in 0', 'in 1', 'out 1', 'in 0']);
  });
});
