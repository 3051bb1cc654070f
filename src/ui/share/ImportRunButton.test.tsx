// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../../core/config';
import { runPipeline } from '../../core/run';
import { runFileFromResult, serializeRunFile } from '../../core/runFile';
import { render, type Rendered } from '../testing';
import { ImportRunButton, MAX_IMPORT_BYTES, type ImportedRun } from './ImportRunButton';
import { button, byRole, settle } from './testing';

const config: RunConfig = { ...DEFAULT_CONFIG, d: 3, k: 4, r: 1, n: 30, steps: 30, fineTuneSteps: 10, checkpointEvery: 10 };
const runText = serializeRunFile(runFileFromResult(runPipeline(config)));

let mounted: Rendered | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

async function choose(container: HTMLElement, file: File): Promise<void> {
  const input = container.querySelector('input[type="file"]') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  await act(async () => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await settle();
}

describe('ImportRunButton', () => {
  it('opens the file picker from the button', () => {
    mounted = render(<ImportRunButton onImport={() => undefined} />);
    const input = mounted.container.querySelector('input[type="file"]') as HTMLInputElement;
    const picker = vi.spyOn(input, 'click').mockImplementation(() => undefined);
    act(() => button(mounted!.container, 'Import run JSON').click());
    expect(picker).toHaveBeenCalledTimes(1);
    expect(input.accept).toBe('application/json,.json');
  });

  it('hands over a valid run with the config that reproduces it', async () => {
    const imported: ImportedRun[] = [];
    mounted = render(<ImportRunButton onImport={(run) => imported.push(run)} />);
    await choose(mounted.container, new File([runText], 'classroom.json', { type: 'application/json' }));
    expect(imported).toHaveLength(1);
    expect(imported[0].fileName).toBe('classroom.json');
    expect(imported[0].replayConfig.d).toBe(3);
    expect(imported[0].replayConfig.initSeed).toBe(imported[0].run.seeds.init);
    expect(byRole(mounted.container, 'status')[0].textContent).toBe('Imported classroom.json.');
    expect(byRole(mounted.container, 'alert')).toEqual([]);
  });

  it('mentions warnings of an accepted file', async () => {
    const older = runText.replace(/"appVersion":"[^"]*"/, '"appVersion":"0.0.9"');
    mounted = render(<ImportRunButton onImport={() => undefined} />);
    await choose(mounted.container, new File([older], 'old.json'));
    expect(byRole(mounted.container, 'status')[0].textContent).toMatch(/^Imported old\.json\. Note: the run was exported by PruneLab "0\.0\.9"/);
  });

  it('lists every problem of a refused file in an alert and imports nothing', async () => {
    const onImport = vi.fn();
    const broken = JSON.stringify({ ...JSON.parse(runText), operatorKind: 'fast', tau: -2 });
    mounted = render(<ImportRunButton onImport={onImport} />);
    await choose(mounted.container, new File([broken], 'broken.json'));
    const [alert] = byRole(mounted.container, 'alert');
    expect(alert.querySelector('p')?.textContent).toBe('broken.json cannot be imported:');
    expect(Array.from(alert.querySelectorAll('li'), (li) => li.textContent)).toEqual([
      'operatorKind must be one of "direct", "gram", "population", "quadratic-direct", "quadratic-gram" (got "fast")',
      'tau must be a positive number (got -2)',
    ]);
    expect(onImport).not.toHaveBeenCalled();
  });

  it('refuses a file that is not JSON, and clears the alert after a good import', async () => {
    mounted = render(<ImportRunButton onImport={() => undefined} />);
    await choose(mounted.container, new File(['hello'], 'notes.txt'));
    expect(byRole(mounted.container, 'alert')[0].textContent).toMatch(/notes\.txt cannot be imported:the file is not valid JSON/);
    await choose(mounted.container, new File([runText], 'good.json'));
    expect(byRole(mounted.container, 'alert')).toEqual([]);
  });

  it('refuses an oversized file without reading it', async () => {
    mounted = render(<ImportRunButton onImport={() => undefined} />);
    const huge = new File(['{}'], 'huge.json');
    Object.defineProperty(huge, 'size', { value: MAX_IMPORT_BYTES + 1 });
    const read = vi.spyOn(huge, 'text');
    await choose(mounted.container, huge);
    expect(byRole(mounted.container, 'alert')[0].textContent).toContain('run files are at most 200 MB');
    expect(read).not.toHaveBeenCalled();
  });
});
