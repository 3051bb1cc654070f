import { useEffect, useRef } from 'react';

/** What every d3 renderer of src/charts offers. */
export interface Renderer<D> {
  update(data: D): void;
  destroy(): void;
}

/**
 * Mounts a renderer once into the returned host element and draws `data` each time it
 * changes (null leaves the chart as it is); destroys it on unmount. `create` is read once,
 * so callbacks it wires must go through refs. Pass memoized data: a new object each render
 * would redraw each render.
 */
export function useChart<D>(create: (host: HTMLElement) => Renderer<D>, data: D | null) {
  const hostRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<Renderer<D> | null>(null);
  const createRef = useRef(create);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const chart = createRef.current(host);
    chartRef.current = chart;
    return () => {
      chartRef.current = null;
      chart.destroy();
    };
  }, []);

  useEffect(() => {
    if (data !== null) chartRef.current?.update(data);
  }, [data]);

  return hostRef;
}
