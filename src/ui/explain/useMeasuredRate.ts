import { useEffect, useState } from 'react';
import { useFrameBus } from '../../state/store';
import type { FrameSnapshot } from '../../worker/frameBus';
import { fineTuneSummary } from '../panels/fineTuneFit';

/** How often the text re-reads the fit: a caption, not a chart. */
const REFRESH_MS = 500;

/** The regularized lane's fitted fine-tuning rates from the frame bus, refreshed at most twice a second. */
export function useMeasuredRate(): { rho: number | null; gradNormRho: number | null } {
  const bus = useFrameBus();
  const [rate, setRate] = useState<{ rho: number | null; gradNormRho: number | null }>({ rho: null, gradNormRho: null });
  useEffect(() => {
    let last = -Infinity;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const read = (snapshot: FrameSnapshot | null) => {
      const summary = snapshot ? fineTuneSummary(snapshot, 'regularized') : null;
      const rho = summary?.rho ?? null;
      const gradNormRho = summary?.gradNormRho ?? null;
      setRate((previous) => (previous.rho === rho && previous.gradNormRho === gradNormRho ? previous : { rho, gradNormRho }));
    };
    const onFrame = () => {
      const now = performance.now();
      if (now - last >= REFRESH_MS) {
        last = now;
        read(bus.getLatest());
      } else if (timer === null) {
        // The last frame of a burst must still be read, or the text would keep an old fit.
        timer = setTimeout(() => {
          timer = null;
          last = performance.now();
          read(bus.getLatest());
        }, REFRESH_MS);
      }
    };
    read(bus.getLatest());
    const unsubscribe = bus.subscribe(onFrame);
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [bus]);
  return rate;
}
