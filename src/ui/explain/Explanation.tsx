import type { ReactNode } from 'react';
import type { PresetId } from '../../core/presets';
import { defaultTau, finiteSampleErrorScale, learnabilityBound, predictedBias, stabilityBound } from '../../core/theory';
import { tauOf } from '../../core/runSetup';
import { useLabActions, useLabStore } from '../../state/store';
import { formatRho } from '../../charts/logLineChart';
import { assessLearnability } from '../controls/theoryNotes';
import { applyPreset, presetHref } from '../presets/applyPreset';
import { useSigmaStar } from '../theory/useSigmaStar';
import { formatNumber } from '../format';
import { Badge } from './Badge';
import { TeX, texNumber } from './TeX';
import { useMeasuredRate } from './useMeasuredRate';

/** A link in the text that sets the lab to a named scenario (and its URL). */
function ScenarioLink({ id, children }: { id: PresetId; children: ReactNode }) {
  const view = useLabStore((s) => s.view);
  const actions = useLabActions();
  return (
    <a
      href={presetHref(id, view)}
      data-preset={id}
      onClick={(event) => {
        event.preventDefault();
        applyPreset(actions, id, view.comparison);
      }}
    >
      {children}
    </a>
  );
}

const texList = (values: readonly number[]): string => values.map(texNumber).join(',\\ ');

/**
 * The text beside the lab: the problem, the penalty, the threshold and the two phases, with
 * every number read from the store (configuration, worker info, measured lane state).
 * Badges say what the paper proves, what we derived and what was measured.
 */
export function Explanation() {
  const config = useLabStore((s) => s.params.config);
  const sigmaStar = useSigmaStar();
  const lane = useLabStore((s) => s.run.lanes.regularized);
  const kept = useLabStore((s) => s.run.pruned.regularized ?? null);
  const { rho, gradNormRho } = useMeasuredRate();

  const { d, k, r, n, lambda, beta, regularizer: form } = config;
  const population = config.model === 'population';
  const quadratic = config.model === 'quadratic';
  const tauDefault = defaultTau(beta);
  const tau = tauOf(config);
  const bounds = sigmaStar.map((sigma) => learnabilityBound(sigma, beta, form));
  const learnability = assessLearnability(lambda, beta, form, sigmaStar);
  const etaBound = stabilityBound(lambda, beta, sigmaStar.length ? sigmaStar[0] : null, form);
  const bias = predictedBias(lambda, sigmaStar);
  const errorScale = population ? null : finiteSampleErrorScale(config.noise, r, d, n);
  // λ < c·σ*ⱼ·√β: the factor c of this form, read off the bound itself at σ = β = 1.
  const boundFactor = texNumber(learnabilityBound(1, 1, form));

  return (
    <article className="pl-explain" aria-label="Explanation">
      <h2>What the lab shows</h2>

      <section>
        <h3>The problem</h3>
        <p>
          An unknown positive semidefinite matrix of rank r = {r}, <TeX math={'M^* = U^* U^{*\\top} \\in \\mathbb{R}^{d\\times d}'} />{' '}
          with d = {d} and eigenvalues <TeX math={`\\sigma^* = (${texList(sigmaStar)})`} />, is to be recovered{' '}
          {population ? (
            <>
              from the population loss <TeX math={'L(U) = \\lVert UU^\\top - M^* \\rVert_F^2'} /> (infinitely many noiseless measurements)
            </>
          ) : quadratic ? (
            <>
              by a network with quadratic activations, <TeX math={'f_U(x) = \\lVert U^\\top x \\rVert^2'} />, from n = {n} noisy labels{' '}
              <TeX math={'y_i = \\lVert U^{*\\top} x_i \\rVert^2 + \\varepsilon_i'} />, <TeX math={`\\varepsilon_i \\sim \\mathcal{N}(0, ${texNumber(config.noise)}^2)`} />
            </>
          ) : (
            <>
              from n = {n} noisy linear measurements{' '}
              <TeX math={'y_i = \\langle A_i, M^* \\rangle + \\varepsilon_i'} />, <TeX math={`\\varepsilon_i \\sim \\mathcal{N}(0, ${texNumber(config.noise)}^2)`} />
            </>
          )}{' '}
          <Badge tag="paper" />. The model <TeX math={`U \\in \\mathbb{R}^{${d}\\times ${k}}`} /> has k = {k} columns where r = {r} would do: it
          is overparameterized, and each column <TeX math="u_i" /> is a unit that pruning may remove.
        </p>
        {population ? null : quadratic ? (
          <>
            <TeX display math={'L(U) = \\frac{1}{n}\\sum_{i=1}^{n} \\big(\\lVert U^\\top x_i \\rVert^2 - y_i\\big)^2'} />
            <p>
              This is matrix sensing with <TeX math={'A_i = x_i x_i^\\top'} />, and a column of U is one hidden neuron.
            </p>
          </>
        ) : (
          <TeX display math={'L(U) = \\frac{1}{n}\\sum_{i=1}^{n} \\big(\\langle A_i, UU^\\top\\rangle - y_i\\big)^2'} />
        )}
      </section>

      <section>
        <h3>The penalty</h3>
        <p>
          Training adds a group Lasso over the columns, <TeX math={'\\sum_i \\lVert u_i \\rVert_2'} /> <Badge tag="paper" />, in a smooth form{' '}
          <TeX math={'R_\\beta'} />. The paper&apos;s exact smoothing could not be confirmed, so the lab offers the two usual ones, with{' '}
          <TeX math={'s_i = \\lVert u_i \\rVert^2'} /> <Badge tag="derived" />:
        </p>
        <ul className="pl-explain-forms">
          <li className={form === 'B' ? 'pl-active-form' : undefined}>
            (B){form === 'B' ? ', in use' : ''}: <TeX math={'\\psi_\\beta(s) = \\dfrac{s}{\\sqrt{s + \\beta}}'} />
          </li>
          <li className={form === 'A' ? 'pl-active-form' : undefined}>
            (A){form === 'A' ? ', in use' : ''}: <TeX math={'\\psi_\\beta(s) = \\sqrt{s + \\beta}'} />
          </li>
        </ul>
        <TeX display math={`f(U) = L(U) + \\lambda \\sum_{i=1}^{${k}} \\psi_\\beta(\\lVert u_i\\rVert^2)`} />
        <p>
          In this run <TeX math={`\\lambda = ${texNumber(lambda)}`} /> and <TeX math={`\\beta = ${texNumber(beta)}`} />.
        </p>
        <p>
          Direction j of <TeX math="M^*" /> can grow from a small start only if{' '}
          <TeX math={`\\lambda\\,\\psi'_\\beta(0) < 2\\sigma^*_j`} />, i.e.{' '}
          <TeX math={`\\lambda < ${boundFactor}\\sigma^*_j\\sqrt{\\beta}`} /> <Badge tag="derived" />. Here the bounds are{' '}
          <TeX math={`(${texList(bounds)})`} /> and λ = {formatNumber(lambda)}:{' '}
          {learnability?.kind === 'learnable' ? (
            <>every direction can be learned.</>
          ) : learnability?.kind === 'stuck' ? (
            <>
              above them all, so every column stays stuck at 0 (<ScenarioLink id="tooStrong">too much regularization</ScenarioLink> shows it).
            </>
          ) : (
            <>
              {learnability?.atRisk} of {learnability?.directions} directions are at risk; between the bounds the rule is not sharp{' '}
              <Badge tag="measured" />.
            </>
          )}{' '}
          Without the penalty the column norms spread out and no threshold isolates r of them <Badge tag="paper" />: see{' '}
          <ScenarioLink id="unregularized">no regularization</ScenarioLink>.
        </p>
      </section>

      <section>
        <h3>The threshold</h3>
        <p>
          Greedy pruning keeps <TeX math={'S = \\{\\, i : \\lVert u_i \\rVert \\ge \\tau \\,\\}'} />; the paper proves that an explicit threshold
          leaves exactly r columns <Badge tag="paper" />. Its constant is not confirmed, so the default{' '}
          <TeX math={`\\tau = \\sqrt{2\\beta} = ${texNumber(tauDefault)}`} /> is ours <Badge tag="derived" />: where the radial curvature of (B)
          turns from pulling a column to 0 to lasso-like.{' '}
          {config.tau === null ? 'The lab uses it now.' : <>The lab now uses τ = {formatNumber(tau)}, set by hand.</>}{' '}
          {lane ? (
            <>
              {lane.phase === 'train' ? 'Now' : 'Before pruning'}, <span data-testid="explain-above-tau">{lane.phase === 'train' ? lane.aboveTau : (kept?.length ?? lane.k)}</span> columns
              {lane.phase === 'train' ? ' stand' : ' stood'} above τ (r = {r}) <Badge tag="measured" />.
            </>
          ) : null}
        </p>
      </section>

      <section>
        <h3>Two phases</h3>
        <ol>
          <li>
            <strong>Train with the penalty</strong>: gradient descent on f from the small random start{' '}
            <TeX math={`U_0 = ${texNumber(config.initScale)}\\cdot Z/\\sqrt{d}`} /> with step{' '}
            <TeX math={`\\eta_1 = ${texNumber(config.eta)}`} /> for {config.steps} steps; it is stable near 0 for{' '}
            <TeX math={`\\eta_1 < ${texNumber(etaBound)}`} /> <Badge tag="derived" />. The penalty biases the solution: expect{' '}
            <TeX math={`\\lVert UU^\\top - M^* \\rVert_F \\approx \\tfrac{\\lambda}{4}\\sqrt{\\textstyle\\sum_j 1/\\sigma^*_j} = ${texNumber(bias)}`} />{' '}
            <Badge tag="derived" />
            {lane?.testError !== null && lane?.testError !== undefined ? (
              <>
                ; measured {lane.phase === 'train' ? 'now' : 'at the end of phase 1'}:{' '}
                <span data-testid="explain-measured-bias">{formatNumber(lane.phase === 'train' ? lane.testError : (lane.milestones.beforePrune ?? lane.testError))}</span>{' '}
                <Badge tag="measured" />
              </>
            ) : null}
            .
          </li>
          <li>
            <strong>Prune</strong> the columns below τ{kept ? <>: {kept.length} kept of {k}</> : null}.
          </li>
          <li>
            <strong>Fine-tune</strong> the pruned model by gradient descent on L alone with{' '}
            <TeX math={`\\eta_2 = ${texNumber(config.fineTuneEta)}`} />. It converges linearly, error <TeX math={'\\approx C\\rho^t'} /> <Badge tag="paper" />
            {errorScale !== null ? (
              <>
                , to an error of order <TeX math={`\\sigma\\sqrt{rd/n} = ${texNumber(errorScale)}`} /> <Badge tag="paper" />
              </>
            ) : null}
            .{' '}
            {rho !== null || gradNormRho !== null ? (
              <>
                Measured: <span data-testid="explain-rho">ρ = {formatRho((rho ?? gradNormRho) as number)}</span> per step{' '}
                {rho !== null ? '(loss gap)' : '(gradient norm)'} <Badge tag="measured" />.
              </>
            ) : null}{' '}
            The unpruned overparameterized model converges only about like 1/t <Badge tag="measured" />, the reason to prune before
            fine-tuning; the rate panel compares both.
          </li>
        </ol>
        <p>
          Scenarios: <ScenarioLink id="classroom">the classroom run</ScenarioLink>,{' '}
          <ScenarioLink id="figure1">the paper&apos;s Figure 1</ScenarioLink> (population, with and without the penalty; heavy),{' '}
          <ScenarioLink id="tooStrong">too much regularization</ScenarioLink>,{' '}
          <ScenarioLink id="unregularized">no regularization</ScenarioLink>,{' '}
          <ScenarioLink id="quadraticNetwork">a quadratic-activation network</ScenarioLink> (the results extend to it <Badge tag="paper" />).
        </p>
      </section>
    </article>
  );
}
