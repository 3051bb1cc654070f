import { describe, expect, it } from 'vitest';
import { PlaybackClock } from './playbackClock';

function clockAt() {
  const time = { now: 0 };
  return { time, clock: new PlaybackClock(() => time.now) };
}

describe('PlaybackClock', () => {
  it('at full speed lets every chunk take its whole size and never waits', () => {
    const { clock } = clockAt();
    expect(clock.allowance(500)).toBe(500);
    expect(clock.delay()).toBe(0);
  });

  it('lets through only the steps due at the speed, and waits by a timer until the next one', () => {
    const { time, clock } = clockAt();
    clock.setSpeed(10);
    expect(clock.allowance(100)).toBe(0);
    expect(clock.delay()).toBe(100);
    time.now = 250;
    expect(clock.allowance(100)).toBe(2);
    clock.took(2);
    expect(clock.delay()).toBe(50);
    time.now = 10_000;
    // Far behind the pace (a slow machine or a paused tab): no burst beyond the chunk size.
    expect(clock.allowance(5)).toBe(5);
    clock.took(5);
    expect(clock.allowance(5)).toBe(0);
  });

  it('waits at least about one display frame, so frames keep flowing between paced chunks', () => {
    const { clock } = clockAt();
    clock.setSpeed(10_000);
    expect(clock.delay()).toBeGreaterThanOrEqual(1000 / 60);
  });
});
