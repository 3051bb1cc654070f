// The provenance badge of math.md's tags: what the paper proves, what we derived, what we measured.

export type Provenance = 'paper' | 'derived' | 'measured';

const TITLES: Record<Provenance, string> = {
  paper: 'Stated or proved in the paper (Rajaraman et al., NeurIPS 2023)',
  derived: 'Our own derivation, not a constant from the paper',
  measured: 'Measured in this lab or in our numpy runs, not proved',
};

export function Badge({ tag }: { tag: Provenance }) {
  return (
    <span className={`pl-badge pl-badge-${tag}`} title={TITLES[tag]} data-tag={tag}>
      {tag}
    </span>
  );
}
