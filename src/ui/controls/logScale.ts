// Log-spaced choices for fields whose values span decades (FIELDS[key].logScale).

/** How many decades below a field's maximum its slider reaches when the field has no positive minimum. */
export const LOG_SLIDER_DECADES = 6;
const MANTISSAS = [1, 2, 5];

/** The 1-2-5 values in [low, high], plus 0 first when zero is allowed. */
export function logChoices(low: number, high: number, includeZero: boolean): number[] {
  const choices: number[] = includeZero ? [0] : [];
  for (let exponent = Math.floor(Math.log10(low)); exponent <= Math.ceil(Math.log10(high)); exponent++) {
    for (const m of MANTISSAS) {
      const value = Number((m * 10 ** exponent).toPrecision(3));
      if (value >= low * (1 - 1e-12) && value <= high * (1 + 1e-12)) choices.push(value);
    }
  }
  return choices;
}

/** Index of the choice closest to value on a log scale (0 matches only 0). */
export function nearestChoice(choices: readonly number[], value: number): number {
  let best = 0;
  let bestDistance = Infinity;
  choices.forEach((choice, index) => {
    const distance = choice === 0 || value <= 0 ? (choice === value ? 0 : Infinity) : Math.abs(Math.log(choice / value));
    if (distance < bestDistance) {
      bestDistance = distance;
      best = index;
    }
  });
  return best;
}
