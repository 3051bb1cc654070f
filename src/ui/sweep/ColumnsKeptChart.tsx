import { scaleLinear, scaleLog } from 'd3';
import { COLORS, FONT_FAMILY, FONT_SIZE, SERIES_COLORS, formatLogTick, logTickValues } from '../../charts/theme';
import { formatNumber } from '../format';

export interface ColumnsKeptPoint {
  lambda: number;
  /** Columns with norm ≥ τ after phase 1 (what pruning keeps). */
  kept: number;
  /** [derived] Directions with λ below their learnability bound. */
  learnable: number;
}

interface ColumnsKeptChartProps {
  points: readonly ColumnsKeptPoint[];
  /** The λ axis (the sweep's range). */
  lambdaDomain: [number, number];
  r: number;
  /** [derived] Learnability bound of each direction at the sweep's β. */
  bounds: readonly number[];
}

const WIDTH = 560;
const HEIGHT = 220;
const MARGIN = { top: 14, right: 16, bottom: 38, left: 48 };

/**
 * Columns kept against λ (log axis), with the number of learnable directions predicted by
 * math.md §5 [derived] as a dashed step and each direction's boundary as a dotted line.
 * Small enough (a dozen points) to draw as React SVG.
 */
export function ColumnsKeptChart({ points, lambdaDomain, r, bounds }: ColumnsKeptChartProps) {
  const sorted = [...points].sort((a, b) => a.lambda - b.lambda);
  const innerWidth = WIDTH - MARGIN.left - MARGIN.right;
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const yMax = Math.max(r + 1, ...sorted.map((p) => p.kept));
  const x = scaleLog().domain(lambdaDomain).range([0, innerWidth]);
  const y = scaleLinear().domain([0, yMax]).range([innerHeight, 0]).nice();
  const path = (key: 'kept' | 'learnable') =>
    sorted.length ? `M${sorted.map((p) => `${x(p.lambda).toFixed(1)},${y(p[key]).toFixed(1)}`).join('L')}` : '';
  const label = sorted.length
    ? `Columns kept against λ: ${sorted.map((p) => `λ = ${formatNumber(p.lambda)}: ${p.kept}`).join('; ')}`
    : 'Columns kept against λ: no results yet';
  const text = { fontFamily: FONT_FAMILY, fontSize: FONT_SIZE, fill: COLORS.muted };

  return (
    <svg
      className="pl-columns-kept"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width={WIDTH}
      height={HEIGHT}
      style={{ maxWidth: '100%', height: 'auto' }}
      role="img"
      aria-label={label}
    >
      <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
        {y.ticks(Math.min(6, yMax)).filter(Number.isInteger).map((tick) => (
          <g key={`y${tick}`} transform={`translate(0,${y(tick)})`}>
            <line x2={innerWidth} stroke={COLORS.grid} />
            <text x={-6} dy="0.32em" textAnchor="end" style={text}>
              {tick}
            </text>
          </g>
        ))}
        {logTickValues(lambdaDomain, 5).map((tick) => (
          <text key={`x${tick}`} x={x(tick)} y={innerHeight + 16} textAnchor="middle" style={text}>
            {formatLogTick(tick)}
          </text>
        ))}
        <text x={innerWidth / 2} y={innerHeight + 34} textAnchor="middle" style={{ ...text, fill: COLORS.ink }}>
          λ (log scale)
        </text>
        <text transform={`translate(-34,${innerHeight / 2}) rotate(-90)`} textAnchor="middle" style={{ ...text, fill: COLORS.ink }}>
          columns kept
        </text>
        <line x2={innerWidth} y1={y(r)} y2={y(r)} stroke={COLORS.threshold} strokeWidth={1} />
        <text x={innerWidth} y={y(r) - 4} textAnchor="end" style={{ ...text, fill: COLORS.threshold }}>
          r = {r}
        </text>
        {bounds
          .filter((bound) => bound >= lambdaDomain[0] && bound <= lambdaDomain[1])
          .map((bound, j) => (
            <line key={`b${j}`} x1={x(bound)} x2={x(bound)} y2={innerHeight} stroke={COLORS.muted} strokeDasharray="2 3" />
          ))}
        <path d={path('learnable')} fill="none" stroke={COLORS.ink} strokeWidth={1.5} strokeDasharray="6 3" />
        <path d={path('kept')} fill="none" stroke={SERIES_COLORS[0]} strokeWidth={2} />
        {sorted.map((p) => (
          <circle key={p.lambda} cx={x(p.lambda)} cy={y(p.kept)} r={3.5} fill={SERIES_COLORS[0]} />
        ))}
      </g>
    </svg>
  );
}
