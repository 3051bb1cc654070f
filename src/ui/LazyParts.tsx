// Parts of the page the first paint of the lab does not need, each in its own chunk so the
// main script stays small: the Sweep tab (phase diagram, λ sweep, their worker pool and
// chart) loads when the tab is first opened; the explanation (KaTeX and its CSS, the
// largest dependency after React) loads right after the lab's first render.
import { Component, lazy, Suspense, type ReactNode } from 'react';
import type { LoadedPoint } from './LoadedNotice';

const PhaseDiagramPanel = lazy(async () => ({ default: (await import('./sweep/PhaseDiagramPanel')).PhaseDiagramPanel }));
const LambdaSweepPanel = lazy(async () => ({ default: (await import('./sweep/LambdaSweepPanel')).LambdaSweepPanel }));
const ScalingPanel = lazy(async () => ({ default: (await import('./sweep/ScalingPanel')).ScalingPanel }));
const ImportSweepPanel = lazy(async () => ({ default: (await import('./sweep/ImportSweepPanel')).ImportSweepPanel }));
const Explanation = lazy(async () => ({ default: (await import('./explain/Explanation')).Explanation }));

interface LoadBoundaryProps {
  /** What failed to load, for the message ("the sweep tools"). */
  what: string;
  children: ReactNode;
}

/**
 * Keeps the rest of the page usable when a chunk cannot be fetched (offline, or the site was
 * redeployed since the page loaded): without it React would unmount the whole app.
 */
class LoadBoundary extends Component<LoadBoundaryProps, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error): { error: Error } {
    return { error };
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <p className="pl-load-error" role="alert">
        Could not load {this.props.what} ({this.state.error.message}). Reload the page to try again.
      </p>
    );
  }
}

/** The Sweep tab's content: the phase diagram, the λ sweep and the generalization experiment. */
export function SweepTools({ onLoaded }: { onLoaded: (point: LoadedPoint) => void }) {
  return (
    <LoadBoundary what="the sweep tools">
      <Suspense
        fallback={
          <p className="pl-loading" role="status">
            Loading the sweep tools…
          </p>
        }
      >
        <PhaseDiagramPanel onLoaded={onLoaded} />
        <LambdaSweepPanel onLoaded={onLoaded} />
        <ScalingPanel />
        <ImportSweepPanel />
      </Suspense>
    </LoadBoundary>
  );
}

/** The explanation below the lab; while its chunk loads, the same labelled region says so. */
export function LazyExplanation() {
  return (
    <LoadBoundary what="the explanation">
      <Suspense
        fallback={
          <article className="pl-explain" aria-label="Explanation" aria-busy="true">
            <p role="status">Loading the explanation…</p>
          </article>
        }
      >
        <Explanation />
      </Suspense>
    </LoadBoundary>
  );
}
