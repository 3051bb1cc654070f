import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../core/config';
import { defaultTau } from '../core/theory';
import type { FrameResponse, LaneFrame, LabRequest } from '../worker/labProtocol';
import { frameResponse, laneFrame, sampleRunInfo } from '../worker/testing';
import { createLabStore, type LabState, type LabStore } from './labStore';
import { SUMMARY_INTERVAL_MS } from './runSlice';
import { selectAboveTauReadout, selectEffectiveTau, selectPreparingFraction, selectPreparingText } from './selectors';

let store: LabStore;
let sent: LabRequest[] = [];
let disconnect: () => void = () => undefined;

beforeEach(() => {
  store = createLabStore();
  sent = [];
  disconnect = store.getState().worker.connect({ send: (request) => sent.push(request) });
});

afterEach(() => disconnect());

const actions = () => store.getState().actions;
const state = () => store.getState();
const receiveFrame: LabState['worker']['receiveFrame'] = (frame, now) => state().worker.receiveFrame(frame, now);
const receiveResponse: LabState['worker']['receiveResponse'] = (response) => state().worker.receiveResponse(response);

function frame(status: FrameResponse['status'], lanes: LaneFrame[]): FrameResponse {
  return frameResponse({ status, stepsPerSecond: 1234, lanes });
}

describe('lab store: creating', () => {
  it('opens on the defaults, or on a link’s settings and view with what it corrected', () => {
    expect(state().params.config).toEqual(DEFAULT_CONFIG);
    const linked = createLabStore({ search: '?d=40&compare=1&bogus=1' }).getState();
    expect(linked.params.config.d).toBe(40);
    expect(linked.view.comparison).toBe(true);
    expect(linked.params.corrections.join('\n')).toMatch(/unknown key "bogus"/);
  });

  it('keeps every store to itself: its own state, worker link and exports', async () => {
    const other = createLabStore();
    const otherSent: LabRequest[] = [];
    other.getState().worker.connect({ send: (request) => otherSent.push(request) });
    sent = [];
    actions().setField('lambda', 0.2);
    expect(other.getState().params.config.lambda).toBe(DEFAULT_CONFIG.lambda);
    expect(otherSent).toEqual([{ type: 'init', config: DEFAULT_CONFIG, lanes: ['regularized'] }]);
    expect(sent).toEqual([{ type: 'setHyper', patch: { lambda: 0.2 } }]);
    await expect(createLabStore().getState().actions.exportRun()).rejects.toThrow(/not running/);
  });
});

describe('lab store: connecting', () => {
  it('sends init with the current config and one lane when connected', () => {
    expect(sent).toEqual([{ type: 'init', config: DEFAULT_CONFIG, lanes: ['regularized'] }]);
    expect(state().run.status).toBe('loading');
  });
});

describe('lab store: parameters', () => {
  it('sends a live hyper-parameter as setHyper, without re-initializing', () => {
    sent = [];
    expect(actions().setField('lambda', '0.1')).toBe(true);
    expect(state().params.config.lambda).toBe(0.1);
    expect(sent).toEqual([{ type: 'setHyper', patch: { lambda: 0.1 } }]);
    actions().setField('regularizer', 'A');
    expect(sent.at(-1)).toEqual({ type: 'setHyper', patch: { regularizer: 'A' } });
  });

  it('moves the default τ with β', () => {
    sent = [];
    actions().setField('beta', 0.02);
    expect(sent).toEqual([
      { type: 'setHyper', patch: { beta: 0.02 } },
      { type: 'setTau', tau: defaultTau(0.02) },
    ]);
    expect(selectEffectiveTau(state())).toBe(defaultTau(0.02));
  });

  it('sends τ and step budgets live', () => {
    sent = [];
    expect(actions().setTau(0.3)).toBe(true);
    expect(sent).toEqual([{ type: 'setTau', tau: 0.3 }]);
    actions().setTau(null);
    expect(sent.at(-1)).toEqual({ type: 'setTau', tau: defaultTau(DEFAULT_CONFIG.beta) });
    actions().setField('fineTuneSteps', '500');
    expect(sent.at(-1)).toEqual({ type: 'setLimits', patch: { fineTuneSteps: 500 } });
  });

  it('restarts the run for a structural field', () => {
    sent = [];
    actions().setField('d', '20');
    expect(sent).toEqual([{ type: 'init', config: { ...DEFAULT_CONFIG, d: 20 }, lanes: ['regularized'] }]);
    expect(state().run.status).toBe('loading');
  });

  it('refuses an invalid value at the field with the schema message and keeps the typed text', () => {
    sent = [];
    expect(actions().setField('eta', '-2')).toBe(false);
    expect(state().params.fieldErrors.eta).toMatch(/eta must be a number greater than 0/);
    expect(state().params.drafts.eta).toBe('-2');
    expect(state().params.config.eta).toBe(DEFAULT_CONFIG.eta);
    expect(sent).toEqual([]);
    // A valid value clears the error.
    actions().setField('eta', '0.01');
    expect(state().params.fieldErrors.eta).toBeUndefined();
    expect(state().params.drafts.eta).toBeUndefined();
  });

  it('refuses a value that breaks a cross-field rule', () => {
    expect(actions().setField('r', 40)).toBe(false);
    expect(state().params.fieldErrors.r).toMatch(/r = 40 exceeds d = 30/);
    expect(state().params.config.r).toBe(DEFAULT_CONFIG.r);
  });

  it('draws new seeds for every stream and restarts', () => {
    store.setState((s) => ({ params: { ...s.params, config: { ...s.params.config, initSeed: 5 } } }));
    sent = [];
    actions().newSeeds();
    const { config } = state().params;
    expect(config.initSeed).toBeNull();
    expect(Number.isInteger(config.seed)).toBe(true);
    expect(sent).toEqual([{ type: 'init', config, lanes: ['regularized'] }]);
  });

  it('turns the comparison lane on with a restart', () => {
    sent = [];
    actions().setComparison(true);
    expect(state().view.comparison).toBe(true);
    expect(sent).toEqual([{ type: 'init', config: DEFAULT_CONFIG, lanes: ['regularized', 'unregularized'] }]);
    actions().setComparison(true);
    expect(sent).toHaveLength(1);
  });

  it('loads a shared query, reporting what it corrected', () => {
    actions().loadQuery('?d=50&k=50&lambda=1e9&compare=1&bogus=1');
    expect(state().params.config).toMatchObject({ d: 50, k: 50, lambda: 100 });
    expect(state().view.comparison).toBe(true);
    expect(state().params.corrections.join('\n')).toMatch(/lambda .* using 100/);
    expect(state().params.corrections.join('\n')).toMatch(/unknown key "bogus"/);
    expect(sent.at(-1)).toMatchObject({ type: 'init', lanes: ['regularized', 'unregularized'] });
    actions().dismissCorrections();
    expect(state().params.corrections).toEqual([]);
  });
});

describe('lab store: run commands', () => {
  it('maps the buttons to worker commands', () => {
    sent = [];
    actions().toggleTrain();
    expect(sent.at(-1)).toEqual({ type: 'start' });
    store.setState((s) => ({ run: { ...s.run, status: 'running' } }));
    actions().toggleTrain();
    expect(sent.at(-1)).toEqual({ type: 'pause' });
    actions().step();
    // One step, as the help and the button's shortcut say (not a checkpoint interval).
    expect(sent.at(-1)).toEqual({ type: 'step', steps: 1 });
    actions().prune();
    expect(sent.at(-1)).toEqual({ type: 'prune', tau: defaultTau(DEFAULT_CONFIG.beta) });
    actions().reset();
    expect(sent.at(-1)).toEqual({ type: 'reset' });
    store.setState((s) => ({ run: { ...s.run, status: 'paused', phase: 'finetune' } }));
    actions().toggleTrain();
    expect(sent.at(-1)).toEqual({ type: 'fineTune' });
  });
});

describe('lab store: worker messages', () => {
  it('says which setup stage a loading run is in, of how many, for what size and how far it got, until ready', () => {
    const { d, n } = state().params.config;
    expect(selectPreparingText(state())).toBeNull();
    expect(selectPreparingFraction(state())).toBeNull();
    receiveResponse({ type: 'preparing', stage: 'operator', fraction: 0 });
    expect(selectPreparingFraction(state())).toBe(0);
    receiveResponse({ type: 'preparing', stage: 'operator', fraction: 0.42 });
    expect(selectPreparingFraction(state())).toBe(0.42);
    const text = selectPreparingText(state());
    expect(text).toMatch(/^Preparing the run \(2 of 3\): building the loss operator/);
    expect(text).toContain(`d = ${d}`);
    if (state().params.config.model !== 'population') expect(text).toContain(`n = ${n}`);
    receiveResponse({ type: 'ready', epoch: 1, info: sampleRunInfo({ r: 3 }) });
    expect(state().run.preparing).toBeNull();
    expect(selectPreparingText(state())).toBeNull();
    expect(selectPreparingFraction(state())).toBeNull();
  });

  it('takes ready, pruned and error messages into the run state', () => {
    receiveResponse({ type: 'ready', epoch: 1, info: sampleRunInfo({ r: 3 }) });
    expect(state().run).toMatchObject({ status: 'idle', info: { r: 3 } });
    receiveResponse({ type: 'pruned', lane: 'regularized', kept: [0, 4] });
    expect(state().run.pruned.regularized).toEqual([0, 4]);
    expect(state().run.phase).toBe('finetune');
    receiveResponse({ type: 'error', message: 'bad', fields: ['d'] });
    expect(state().run.error).toEqual({ message: 'bad', fields: ['d'] });
    actions().dismissError();
    expect(state().run.error).toBeNull();
  });

  it('follows frames, not the done/diverged events, so a frame drawn late cannot undo them', () => {
    receiveFrame(frame('running', [laneFrame()]), 0);
    const divergence = { step: 12, reason: 'objective became NaN', suggestedEta: 0.01 };
    receiveResponse({ type: 'diverged', lane: 'regularized', ...divergence });
    receiveResponse({ type: 'done', phase: 'train' });
    expect(state().run.status).toBe('running');
    receiveFrame(frame('diverged', [laneFrame({ state: 'diverged', divergence })]), 1);
    expect(state().run.status).toBe('diverged');
    expect(state().run.diverged).toEqual({ lane: 'regularized', ...divergence });
    // setHyper with a smaller step lets the run go on: the notice leaves with the status.
    receiveFrame(frame('paused', [laneFrame({ divergence: null })]), 2);
    expect(state().run).toMatchObject({ status: 'paused', diverged: null });
  });

  it('shows Train and Pause at once; a frame drawn before the worker handled them keeps that status', () => {
    receiveResponse({ type: 'ready', epoch: 1, info: sampleRunInfo() });
    // The connection's init is request 1: the worker drew its first frame after handling it.
    const readyFrame = (status: FrameResponse['status'], handled: number) => frameResponse({ status, handled, lanes: [laneFrame({ state: 'active' })] });
    actions().train();
    expect(sent.at(-1)).toEqual({ type: 'start' });
    expect(state().run.status).toBe('running');
    // The frame that followed `ready`, drawn before the worker saw the start (request 2).
    receiveFrame(readyFrame('idle', 1), 0);
    expect(state().run.status).toBe('running');
    expect(state().run.lanes.regularized).toBeDefined();
    receiveFrame(readyFrame('running', 2), 1);
    expect(state().run.status).toBe('running');
    actions().pause();
    expect(state().run.status).toBe('paused');
    receiveFrame(readyFrame('running', 2), 2);
    expect(state().run.status).toBe('paused');
    // Once a frame has seen the pause, frames rule again.
    receiveFrame(readyFrame('paused', 3), 3);
    receiveFrame(readyFrame('done', 3), 4);
    expect(state().run.status).toBe('done');
  });

  it('takes every frame of a stopped run, however soon after the last: a prune right after Pause reaches the summaries', () => {
    receiveResponse({ type: 'ready', epoch: 1, info: sampleRunInfo() });
    receiveFrame(frame('running', [laneFrame({ step: 500 })]), 1000);
    actions().pause();
    actions().prune();
    receiveResponse({ type: 'pruned', lane: 'regularized', kept: [0, 1, 2] });
    receiveFrame(frameResponse({ status: 'paused', lanes: [laneFrame({ phase: 'finetune', step: 0, k: 3 })] }), 1001);
    expect(state().run).toMatchObject({ status: 'paused', phase: 'finetune' });
    expect(state().run.lanes.regularized).toMatchObject({ phase: 'finetune', step: 0, k: 3 });
  });

  it('a Train the worker refuses shows the status from before it again', () => {
    receiveResponse({ type: 'ready', epoch: 1, info: sampleRunInfo() });
    receiveFrame(frame('paused', [laneFrame()]), 0);
    actions().train();
    expect(state().run.status).toBe('running');
    receiveResponse({ type: 'error', message: 'no run', fields: [] });
    expect(state().run).toMatchObject({ status: 'paused', error: { message: 'no run' } });
  });

  it('throttles lane summaries but lets status changes through at once', () => {
    receiveResponse({ type: 'ready', epoch: 1, info: sampleRunInfo({ r: 3 }) });
    receiveFrame(frame('running', [laneFrame({ step: 100 })]), 1000);
    expect(state().run.lanes.regularized?.step).toBe(100);
    receiveFrame(frame('running', [laneFrame({ step: 120 })]), 1000 + SUMMARY_INTERVAL_MS / 2);
    expect(state().run.lanes.regularized?.step).toBe(100);
    receiveFrame(frame('running', [laneFrame({ step: 140 })]), 1000 + SUMMARY_INTERVAL_MS);
    expect(state().run.lanes.regularized?.step).toBe(140);
    receiveFrame(frame('paused', [laneFrame({ step: 150 })]), 1000 + SUMMARY_INTERVAL_MS + 1);
    expect(state().run).toMatchObject({ status: 'paused', stepsPerSecond: 1234 });
    expect(state().run.lanes.regularized?.step).toBe(150);
  });

  it('derives the readouts from state', () => {
    receiveResponse({ type: 'ready', epoch: 1, info: sampleRunInfo({ r: 3 }) });
    expect(selectAboveTauReadout(state())).toBeNull();
    receiveFrame(frame('paused', [laneFrame()]), 0);
    expect(selectAboveTauReadout(state())).toBe('3 columns above τ (r = 3)');
    expect(state().run.lanes.regularized?.fractionAtHalfMax).toBe(0.5);
  });

  it('shows the milestones, held-out losses and largest-columns error the session recorded, as sent', () => {
    const recorded = {
      milestones: { beforePrune: 0.04, afterPrune: 0.07, afterFineTune: 0.031 },
      heldOutLoss: 0.3,
      heldOutMilestones: { beforePrune: 1.5, afterFineTune: 0.3 },
      largestColumnsTestError: 0.9,
    };
    receiveFrame(frame('done', [laneFrame({ phase: 'finetune', step: 50, ...recorded })]), 0);
    expect(state().run.lanes.regularized).toMatchObject(recorded);
  });

  it('answers exportRun through the worker and rejects pending exports on disconnect', async () => {
    const exported = actions().exportRun();
    const request = sent.at(-1);
    expect(request).toMatchObject({ type: 'exportRun' });
    const requestId = (request as { requestId: number }).requestId;
    receiveResponse({ type: 'runExport', requestId, runs: [] });
    await expect(exported).resolves.toEqual([]);

    const orphan = actions().exportRun();
    disconnect();
    await expect(orphan).rejects.toThrow(/stopped before the export/);
    await expect(actions().exportRun()).rejects.toThrow(/not running/);
  });
});
