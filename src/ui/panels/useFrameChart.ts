import { useEffect, useRef } from 'react';
import { useFrameBus } from '../../state/store';
import type { FrameSnapshot } from '../../worker/frameBus';
import type { Renderer } from '../useChart';

/**
 * Mounts a renderer once into the returned host element and feeds it from the transient
 * frame bus: each published frame (already inside the animation frame that acknowledges
 * it) is turned into chart data by `toData` and drawn, with no React render per frame.
 * Pass `toData` through useCallback with what it reads from React (sort order, scale, τ…):
 * when it changes, the latest frame is drawn again in the next animation frame, and the
 * hooks lint checks that list instead of a hand-written key. `toData` may return null to
 * leave the chart as it is.
 */
export function useFrameChart<D>(create: (host: HTMLElement) => Renderer<D>, toData: (snapshot: FrameSnapshot | null) => D | null) {
  const bus = useFrameBus();
  const hostRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<Renderer<D> | null>(null);
  const toDataRef = useRef(toData);
  const createRef = useRef(create);

  useEffect(() => {
    toDataRef.current = toData;
  });

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const chart = createRef.current(host);
    chartRef.current = chart;
    const draw = (snapshot: FrameSnapshot | null) => {
      const data = toDataRef.current(snapshot);
      if (data !== null) chart.update(data);
    };
    draw(bus.getLatest());
    const unsubscribe = bus.subscribe(draw);
    return () => {
      unsubscribe();
      chartRef.current = null;
      chart.destroy();
    };
  }, [bus]);

  useEffect(() => {
    const request = requestAnimationFrame(() => {
      const chart = chartRef.current;
      if (!chart) return;
      const data = toDataRef.current(bus.getLatest());
      if (data !== null) chart.update(data);
    });
    return () => cancelAnimationFrame(request);
  }, [toData, bus]);

  return hostRef;
}
