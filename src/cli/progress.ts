// Progress and ETA of long runs on stderr. On a terminal one line is rewritten in place
// (\r) every half second; in a log or a pipe a full line is written less often.

export interface ProgressOutput {
  write(text: string): void;
  isTTY: boolean;
  /** Milliseconds on a monotonic clock. */
  now(): number;
}

const TTY_INTERVAL_MS = 500;
const LOG_INTERVAL_MS = 5000;

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export class ProgressReporter {
  private readonly started: number;
  private lastReport: number;
  private lineWidth = 0;
  private readonly interval: number;

  constructor(
    private readonly output: ProgressOutput,
    /** Total units of work (steps, summed over runs). */
    private readonly total: number,
  ) {
    this.started = output.now();
    this.lastReport = this.started;
    this.interval = output.isTTY ? TTY_INTERVAL_MS : LOG_INTERVAL_MS;
  }

  /** Reports `done` units of work with `label`, at most once per interval. */
  update(done: number, label: string): void {
    const now = this.output.now();
    if (now - this.lastReport < this.interval) return;
    this.lastReport = now;
    const elapsed = (now - this.started) / 1000;
    const fraction = this.total > 0 ? Math.min(1, done / this.total) : 1;
    const eta = fraction > 0 ? (elapsed * (1 - fraction)) / fraction : Infinity;
    const text = `${label}  ${(100 * fraction).toFixed(1)}%  elapsed ${formatDuration(elapsed)}  ETA ${formatDuration(eta)}`;
    if (this.output.isTTY) {
      this.output.write(`\r${text.padEnd(this.lineWidth)}`);
      this.lineWidth = text.length;
    } else {
      this.output.write(`${text}\n`);
    }
  }

  /** Ends the in-place line on a terminal so later output starts on a fresh line. */
  finish(): void {
    if (this.output.isTTY && this.lineWidth > 0) this.output.write('\n');
    this.lineWidth = 0;
  }
}
