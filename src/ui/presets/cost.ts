// Cost and time readouts for heavy runs: flops from the operator's count, times from the
// worker's measured steps per second. Nothing here is a typed-in speed.

const FLOP_UNITS: [number, string][] = [
  [1e12, 'TFLOP'],
  [1e9, 'GFLOP'],
  [1e6, 'MFLOP'],
  [1e3, 'kFLOP'],
];

/** 1.25e9 → "1.3 GFLOP". */
export function formatFlops(flops: number): string {
  for (const [scale, unit] of FLOP_UNITS) if (flops >= scale) return `${Number((flops / scale).toPrecision(2))} ${unit}`;
  return `${Math.round(flops)} FLOP`;
}

/** 75 000 ms → "1 min 15 s"; under a minute in whole seconds (at least "1 s"). */
export function formatDuration(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Time left for `remainingSteps` at the measured rate, or null before a rate was measured. */
export function etaMs(remainingSteps: number, stepsPerSecond: number): number | null {
  if (!(stepsPerSecond > 0)) return null;
  return (Math.max(0, remainingSteps) / stepsPerSecond) * 1000;
}
