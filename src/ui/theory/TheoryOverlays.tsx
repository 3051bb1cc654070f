import { useLabStore } from '../../state/store';
import { BiasReadout } from './BiasReadout';
import { RatePanel } from './RatePanel';
import { TheoryWarnings } from './TheoryWarnings';

/** The run bar's theory overlays: warnings before a stuck or unstable run, and the bias readout. Hidden by `?hide=theory`. */
export function RunbarTheory() {
  const hidden = useLabStore((s) => s.view.hidden.includes('theory'));
  if (hidden) return null;
  return (
    <>
      <TheoryWarnings />
      <BiasReadout />
    </>
  );
}

/** The rate panel among the charts, unless `?hide=theory`. */
export function TheoryRatePanel() {
  const hidden = useLabStore((s) => s.view.hidden.includes('theory'));
  return hidden ? null : <RatePanel />;
}
