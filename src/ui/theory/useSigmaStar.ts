import { useMemo } from 'react';
import { sigmaStarOf } from '../../core/config';
import { useLabStore } from '../../state/store';

/**
 * σ*_1 ≥ … ≥ σ*_r of the current problem: the worker's, once it is ready, and until then
 * the configuration's (the same function builds both), so warnings show before any run.
 */
export function useSigmaStar(): readonly number[] {
  const fromWorker = useLabStore((s) => s.run.info?.sigmaStar ?? null);
  const r = useLabStore((s) => s.params.config.r);
  const kappa = useLabStore((s) => s.params.config.kappa);
  const listed = useLabStore((s) => s.params.config.sigmaStar);
  return useMemo(() => fromWorker ?? Array.from(sigmaStarOf({ r, kappa, sigmaStar: listed })), [fromWorker, r, kappa, listed]);
}
