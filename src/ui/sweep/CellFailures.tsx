import type { CellOutcome, SweepKind, SweepKinds } from '../../worker/sweepPool';

export interface CellFailuresProps<K extends SweepKind> {
  outcomes: readonly (CellOutcome<K> | null)[];
  /** "λ = 0.1, β = 0.01": which cell failed, in the panel's terms. */
  describe: (cell: SweepKinds[K]['cell']) => string;
}

/** The cells of a sweep that failed, each with its error, in one alert (nothing when none failed). */
export function CellFailures<K extends SweepKind>({ outcomes, describe }: CellFailuresProps<K>) {
  const failures = outcomes.flatMap((outcome) => (outcome && !outcome.ok ? [outcome] : []));
  if (failures.length === 0) return null;
  return (
    <div className="pl-alert" role="alert">
      <p>
        {failures.length} cell{failures.length === 1 ? '' : 's'} failed:
      </p>
      <ul>
        {failures.map((failure) => (
          <li key={failure.cell.index}>
            {describe(failure.cell)}: {failure.error}
          </li>
        ))}
      </ul>
    </div>
  );
}
