export interface SweepProgressProps {
  /** Name of the other sweep while it holds the shared workers, else null. */
  busyWith: string | null;
  /** id of the busy note, which the Run button points to with aria-describedby. */
  busyNoteId: string;
  /** Accessible name of the progress bar. */
  progressLabel: string;
  /** Prefix of the test ids: `${prefix}-busy` and `${prefix}-status`. */
  testIdPrefix: string;
  finished: number;
  total: number;
  /** "12 of 64 cells · 3.1 s · about 14 s left" and the like. */
  statusText: string;
}

/** The busy note, progress bar and live status line that both sweep panels show under their buttons. */
export function SweepProgress({ busyWith, busyNoteId, progressLabel, testIdPrefix, finished, total, statusText }: SweepProgressProps) {
  return (
    <>
      {busyWith ? (
        <p className="pl-status" id={busyNoteId} data-testid={`${testIdPrefix}-busy`}>
          The {busyWith} is using the workers; cancel it or wait.
        </p>
      ) : null}
      <progress aria-label={progressLabel} value={finished} max={Math.max(1, total)} />
      <p className="pl-status" aria-live="polite" data-testid={`${testIdPrefix}-status`}>
        {statusText}
      </p>
    </>
  );
}
