import { useLabActions, useLabStore } from '../state/store';
import { Fold } from './Fold';
import { PHONE_QUERY, useMediaQuery } from './useMediaQuery';

export interface HeaderProps {
  onHelp: () => void;
  onTour: () => void;
  tourOpen: boolean;
}

/** Title, what the lab shows, and the paper it follows. */
export function Header({ onHelp, onTour, tourOpen }: HeaderProps) {
  const present = useLabStore((s) => s.view.present);
  const { setView } = useLabActions();
  // A phone and a projector need the lab on the first screen: the introduction folds away.
  const phone = useMediaQuery(PHONE_QUERY);
  return (
    <header className="pl-header">
      <h1>PruneLab</h1>
      <Fold folded={phone || present} summary="About this lab" className="pl-subtitle-fold">
      <p className="pl-subtitle">
        Train an overparameterized matrix-sensing model with a group-Lasso penalty, prune the small columns and watch
        exactly the true rank survive — after Rajaraman, Devvrit, Mokhtari and Ramchandran,{' '}
        <a href="https://arxiv.org/abs/2303.11453" rel="noreferrer">
          “Greedy Pruning with Group Lasso Provably Generalizes for Matrix Sensing”
        </a>{' '}
        (NeurIPS 2023).
      </p>
      </Fold>
      <div className="pl-header-actions">
        <button type="button" onClick={onTour} aria-expanded={tourOpen} aria-controls={tourOpen ? 'pl-tour' : undefined}>
          Tour
        </button>
        <button type="button" aria-pressed={present} onClick={() => setView({ present: !present })}>
          Presenter mode
        </button>
        <button type="button" onClick={onHelp} aria-keyshortcuts="?" aria-haspopup="dialog">
          Keyboard shortcuts
        </button>
      </div>
    </header>
  );
}
