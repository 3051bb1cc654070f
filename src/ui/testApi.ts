// A typed window API for the Playwright tests (in the spirit of tldraw's test fixtures):
// read-only access to what the page shows, so tests can wait on state instead of pixels.
// Installed only in a browser driven by automation (navigator.webdriver, which Playwright
// sets), never for an ordinary visitor.
import { selectEffectiveTau, type LabStore, type RunState } from '../state/store';
import type { LaneId } from '../worker/labProtocol';
import { fineTuneSummary } from './panels/fineTuneFit';
import { laneFrame } from './panels/frameData';

export interface LaneTestState {
  phase: 'train' | 'finetune';
  step: number;
  /** Current column count (k before pruning, the kept count after). */
  k: number;
  aboveTau: number;
  loss: number;
  testError: number | null;
  /** Fraction of columns with norm ≥ 0.5 · max. */
  fractionAboveHalfMax: number;
  /** Column norms of the latest drawn frame. */
  columnNorms: number[];
  testErrorBeforePrune: number | null;
  testErrorAfterPrune: number | null;
  testErrorAfterFineTune: number | null;
  /** Test error of keeping only the r largest phase-1 columns (at the moment of pruning once pruned). */
  testErrorLargestColumns: number | null;
  /** Held-out loss of the newest checkpoint, and of the last one before pruning / after fine-tuning (null without a held-out set). */
  heldOutLoss: number | null;
  heldOutBeforePrune: number | null;
  heldOutAfterFineTune: number | null;
  /** Fitted factor per step of the fine-tuning loss gap (null before fine-tuning has enough points). */
  rho: number | null;
  /** Fitted factor per step of the fine-tuning gradient norm. */
  gradNormRho: number | null;
  /** Decades the fine-tuning loss gap fell. */
  lossGapDecades: number | null;
  /** Fine-tuning losses L(V_t) as recorded. */
  fineTuneLosses: number[];
}

export interface PruneLabTestState {
  status: RunState['status'];
  phase: 'train' | 'finetune';
  step: number;
  aboveTau: number | null;
  r: number;
  k: number;
  tau: number;
  rho: number | null;
  stepsPerSecond: number;
  comparison: boolean;
  error: string | null;
  diverged: string | null;
  lanes: Partial<Record<LaneId, LaneTestState>>;
}

export interface PruneLabTestApi {
  getState(): PruneLabTestState;
  /** Frames the charts have drawn since the page loaded. */
  readonly framesDrawn: number;
}

declare global {
  interface Window {
    __prunelab?: PruneLabTestApi;
  }
}

function laneState(store: LabStore, lane: LaneId): LaneTestState | undefined {
  const run = store.getState().run;
  const summary = run.lanes[lane];
  if (!summary) return undefined;
  const snapshot = store.getState().frames.getLatest();
  const frame = snapshot ? laneFrame(snapshot, lane) : undefined;
  const fine = snapshot ? fineTuneSummary(snapshot, lane) : null;
  return {
    phase: summary.phase,
    step: summary.step,
    k: summary.k,
    aboveTau: summary.aboveTau,
    loss: summary.loss,
    testError: summary.testError,
    fractionAboveHalfMax: summary.fractionAtHalfMax,
    columnNorms: frame ? Array.from(frame.columnNorms) : [],
    testErrorBeforePrune: summary.milestones.beforePrune,
    testErrorAfterPrune: summary.milestones.afterPrune,
    testErrorAfterFineTune: summary.milestones.afterFineTune,
    testErrorLargestColumns: summary.largestColumnsTestError,
    heldOutLoss: summary.heldOutLoss,
    heldOutBeforePrune: summary.heldOutMilestones.beforePrune,
    heldOutAfterFineTune: summary.heldOutMilestones.afterFineTune,
    rho: fine?.rho ?? null,
    gradNormRho: fine?.gradNormRho ?? null,
    lossGapDecades: fine?.gapDecades ?? null,
    fineTuneLosses: snapshot?.history[lane]?.finetune.map((h) => h.loss) ?? [],
  };
}

/** Installs the test API over `store` when the browser is driven by automation; returns the uninstall function. */
export function installTestApiUnderAutomation(browser: Pick<Navigator, 'webdriver'>, store: LabStore): () => void {
  return browser.webdriver ? installTestApi(store) : () => undefined;
}

/** Installs `window.__prunelab` over `store`; returns the uninstall function. */
export function installTestApi(store: LabStore): () => void {
  let framesDrawn = 0;
  const unsubscribe = store.getState().frames.subscribe(() => {
    framesDrawn += 1;
  });
  const api: PruneLabTestApi = {
    getState() {
      const state = store.getState();
      const lanes: Partial<Record<LaneId, LaneTestState>> = {};
      for (const lane of ['regularized', 'unregularized'] as const) {
        const s = laneState(store, lane);
        if (s) lanes[lane] = s;
      }
      const regularized = lanes.regularized;
      return {
        status: state.run.status,
        phase: state.run.phase,
        step: regularized?.step ?? 0,
        aboveTau: regularized?.aboveTau ?? null,
        r: state.run.info?.r ?? state.params.config.r,
        k: regularized?.k ?? state.params.config.k,
        tau: selectEffectiveTau(state),
        rho: regularized?.rho ?? null,
        stepsPerSecond: state.run.stepsPerSecond,
        comparison: state.view.comparison,
        error: state.run.error?.message ?? null,
        diverged: state.run.diverged?.reason ?? null,
        lanes,
      };
    },
    get framesDrawn() {
      return framesDrawn;
    },
  };
  window.__prunelab = api;
  return () => {
    unsubscribe();
    if (window.__prunelab === api) delete window.__prunelab;
  };
}
