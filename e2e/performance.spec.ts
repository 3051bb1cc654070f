import { expect, test } from './fixtures';

/** How long the animation frames are counted. */
const WINDOW_MS = 3000;
/** A generous floor for a loaded 2-core machine; the measured rate is printed and annotated. */
const MIN_FPS = 10;

test('the main thread keeps drawing while the default preset trains', async ({ lab, page }) => {
  // The default preset with a longer phase-1 budget, so training lasts the whole window.
  await lab.open('steps=200000');
  await lab.button('Train').click();
  await lab.waitForState('training under way', (s) => s.status === 'running' && s.step > 0);

  const chartFramesBefore = await lab.framesDrawn();
  const { frames, elapsed } = await page.evaluate(
    (windowMs) =>
      new Promise<{ frames: number; elapsed: number }>((resolve) => {
        let frames = 0;
        const start = performance.now();
        const tick = (now: number) => {
          frames += 1;
          if (now - start < windowMs) requestAnimationFrame(tick);
          else resolve({ frames, elapsed: now - start });
        };
        requestAnimationFrame(tick);
      }),
    WINDOW_MS,
  );
  const chartFrames = (await lab.framesDrawn()) - chartFramesBefore;
  const after = await lab.state();
  expect(after.status, 'training lasted the whole window').toBe('running');

  const fps = (1000 * frames) / elapsed;
  const chartFps = (1000 * chartFrames) / elapsed;
  const summary = `${fps.toFixed(1)} animation frames/s, ${chartFps.toFixed(1)} chart frames/s over ${(elapsed / 1000).toFixed(2)} s while training at ${Math.round(after.stepsPerSecond)} steps/s`;
  console.log(`frame rate: ${summary}`);
  test.info().annotations.push({ type: 'frame rate', description: summary });
  expect(fps).toBeGreaterThanOrEqual(MIN_FPS);
  // The charts keep being redrawn from the worker's frames, not frozen while it computes.
  expect(chartFrames).toBeGreaterThan(0);
});
