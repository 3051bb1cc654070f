import { useEffect, useMemo, useState } from 'react';
import { useLabStore, useLabStoreApi } from '../state/store';
import { useLabWorker } from '../state/useLabWorker';
import { ComparisonSwitch } from './controls/ComparisonSwitch';
import { ConnectedTau } from './controls/ConnectedTau';
import { ControlPanel } from './controls/ControlPanel';
import { RunControls } from './controls/RunControls';
import { SpeedControl } from './controls/SpeedControl';
import { Fold } from './Fold';
import { Header } from './Header';
import { HelpDialog } from './HelpDialog';
import { LazyExplanation, SweepTools } from './LazyParts';
import { LoadedNotice, type LoadedPoint } from './LoadedNotice';
import { ColumnNormsPanel } from './panels/ColumnNormsPanel';
import { ComparisonPanel } from './panels/ComparisonPanel';
import { DistributionPanel } from './panels/DistributionPanel';
import { FineTunePanel } from './panels/FineTunePanel';
import { HeatmapPanel } from './panels/HeatmapPanel';
import { PresetPicker } from './presets/PresetPicker';
import { TrainingCurvesPanel } from './panels/TrainingCurvesPanel';
import { Readout } from './Readout';
import { RunAlerts } from './RunAlerts';
import { SharePanel } from './share/SharePanel';
import { useCheckpointRecording } from './share/useCheckpointRecording';
import { RunbarTheory, TheoryRatePanel } from './theory/TheoryOverlays';
import { installTestApiUnderAutomation } from './testApi';
import { TourDialog } from './tour/TourDialog';
import { TOUR_STOPS } from './tour/tourStops';
import { useTour } from './tour/useTour';
import { usePanelFromLink } from './usePanelFromLink';
import { PHONE_QUERY, useMediaQuery } from './useMediaQuery';
import { tabId, tabPanelId, useViewTab, ViewTabs } from './ViewTabs';

/**
 * The page: header, then two tabs. "Lab" (the default): the run's controls, sharing and
 * parameters beside the chart panels. "Sweep": the phase diagram and the λ sweep, mounted
 * when first opened and kept mounted so a sweep keeps running while the lab is shown. The
 * Sweep tab and the explanation are loaded as separate chunks (see LazyParts).
 */
export function App() {
  useLabWorker();
  useCheckpointRecording();
  const store = useLabStoreApi();
  useEffect(() => installTestApiUnderAutomation(navigator, store), [store]);
  const sweepHidden = useLabStore((s) => s.view.hidden.includes('sweep'));
  const [tab, setTab] = useViewTab(!sweepHidden);
  const [sweepOpened, setSweepOpened] = useState(false);
  if (tab === 'sweep' && !sweepOpened) setSweepOpened(true);
  usePanelFromLink(tab === 'lab');
  // Without the Sweep tab the tour ends before the phase diagram.
  const tourStops = useMemo(() => (sweepHidden ? TOUR_STOPS.filter((stop) => stop.preset !== null) : TOUR_STOPS), [sweepHidden]);
  const tour = useTour(tourStops, tab, setTab);
  const [helpOpen, setHelpOpen] = useState(false);
  // A sweep point just loaded: the reader is taken to the lab, where the notice says what to do.
  const [loadedPoint, setLoadedPoint] = useState<LoadedPoint | null>(null);
  const showLoaded = (point: LoadedPoint) => {
    setLoadedPoint(point);
    setTab('lab');
  };
  const comparison = useLabStore((s) => s.view.comparison);
  const controlsHidden = useLabStore((s) => s.view.hidden.includes('controls'));
  const explanationsHidden = useLabStore((s) => s.view.hidden.includes('explanations'));
  const present = useLabStore((s) => s.view.present);
  // On a phone the run bar keeps its buttons, τ and readout and folds the rest, so the column norms start on the first screen.
  const phone = useMediaQuery(PHONE_QUERY);
  useEffect(() => {
    document.documentElement.classList.toggle('pl-present', present);
  }, [present]);

  // Presenter mode keeps the training curves beside the column norms (both on the first
  // screen of a 1280×800 projector) and folds the other charts.
  const secondaryPanels = (
    <>
      <DistributionPanel />
      {present ? null : <TrainingCurvesPanel />}
      <FineTunePanel />
      <HeatmapPanel />
      <TheoryRatePanel />
    </>
  );
  const tabPanel = (id: 'lab' | 'sweep') => (sweepHidden ? {} : { id: tabPanelId(id), role: 'tabpanel', 'aria-labelledby': tabId(id), hidden: tab !== id });

  return (
    <>
      <Header onHelp={() => setHelpOpen(true)} onTour={() => (tour.index === null ? tour.open() : tour.close())} tourOpen={tour.index !== null} />
      {sweepHidden ? null : <ViewTabs tab={tab} onSelect={setTab} />}
      <main>
        <div className="pl-main" {...tabPanel('lab')}>
          <section className="pl-runbar" aria-label="Run controls">
            <RunControls shortcutsEnabled={!helpOpen && tab === 'lab'} onHelp={() => setHelpOpen(true)} />
            <SpeedControl />
            <ConnectedTau />
            <Readout />
            <RunAlerts />
            <LoadedNotice point={loadedPoint} />
            <Fold folded={present || phone} summary="Theory, comparison and scenarios">
              <RunbarTheory />
              <ComparisonSwitch />
              <PresetPicker />
            </Fold>
          </section>
          <div className="pl-panels">
            <ColumnNormsPanel />
            {present ? <TrainingCurvesPanel /> : null}
            {comparison ? <ComparisonPanel /> : null}
            <Fold folded={present} summary="More charts: distribution, fine-tuning, heatmap" className="pl-panel-wide">
              {present ? <div className="pl-panels">{secondaryPanels}</div> : secondaryPanels}
            </Fold>
          </div>
          <Fold folded={present} summary="Share, export and save">
            <SharePanel />
          </Fold>
          {controlsHidden ? null : (
            <aside className="pl-parameters" aria-label="Parameters">
              <Fold folded={present} summary="Parameters">
                <ControlPanel />
              </Fold>
            </aside>
          )}
          {explanationsHidden ? null : <LazyExplanation />}
        </div>
        {sweepHidden ? null : (
          <div className="pl-explore" {...tabPanel('sweep')}>
            {sweepOpened ? <SweepTools onLoaded={showLoaded} /> : null}
          </div>
        )}
      </main>
      {tour.index === null ? null : <TourDialog stops={tourStops} index={tour.index} onGo={tour.go} onClose={tour.close} />}
      <HelpDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
    </>
  );
}
