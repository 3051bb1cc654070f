// What each lane is called on the page, from the λ it trains with rather than from its slot:
// with λ = 0 configured, the "regularized" lane is unregularized too and must say so.
import type { RunConfig } from '../../core/config';
import { laneConfig, type LaneId } from '../../core/session';
import { formatNumber } from '../format';

/** "λ = 0.05": the λ a lane trains with. */
export function laneLambdaText(config: RunConfig, lane: LaneId): string {
  return `λ = ${formatNumber(laneConfig(config, lane).lambda)}`;
}

/** "regularized (λ = 0.05)" or "unregularized (λ = 0)". */
export function laneName(config: RunConfig, lane: LaneId): string {
  return `${laneConfig(config, lane).lambda > 0 ? 'regularized' : 'unregularized'} (${laneLambdaText(config, lane)})`;
}

/** The name as a heading or table header. */
export function laneHeading(config: RunConfig, lane: LaneId): string {
  const name = laneName(config, lane);
  return name.charAt(0).toUpperCase() + name.slice(1);
}
