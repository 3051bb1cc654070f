import { useId, useRef, useState } from 'react';
import type { RunConfig } from '../../core/config';
import { parseRunFile, type RunFile } from '../../core/runFile';

export interface ImportedRun {
  run: RunFile;
  /** The config to load into the lab: re-running it reproduces the run exactly. */
  replayConfig: RunConfig;
  warnings: string[];
  fileName: string;
}

export interface ImportRunButtonProps {
  onImport: (imported: ImportedRun) => void;
  /** Called when a file is refused, so whatever the previous import showed can be cleared. */
  onRefused?: () => void;
  /** Asked before a valid file replaces the current run; false keeps the current run. */
  confirmReplace?: (fileName: string) => boolean;
}

/** Larger files are refused before reading: a d = k = 1000 run is about 40 MB of JSON. */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

/**
 * "Import run JSON": reads a file exported by PruneLab, validates it with the one schema
 * and hands it over. What is wrong with a refused file is listed in an alert.
 */
export function ImportRunButton({ onImport, onRefused, confirmReplace = () => true }: ImportRunButtonProps) {
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [errors, setErrors] = useState<{ fileName: string; messages: string[] } | null>(null);
  const [notice, setNotice] = useState('');

  const refuse = (fileName: string, messages: string[]) => {
    setErrors({ fileName, messages });
    onRefused?.();
  };

  const readFile = async (file: File) => {
    setErrors(null);
    setNotice('');
    if (file.size > MAX_IMPORT_BYTES) {
      refuse(file.name, [`the file is ${(file.size / 1024 ** 2).toFixed(0)} MB; run files are at most ${MAX_IMPORT_BYTES / 1024 ** 2} MB. Choose a run exported from PruneLab`]);
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      refuse(file.name, [`the browser could not read the file (${error instanceof Error ? error.message : String(error)}); choose it again`]);
      return;
    }
    const parsed = parseRunFile(text);
    if (!parsed.ok) {
      refuse(file.name, parsed.errors);
      return;
    }
    if (!confirmReplace(file.name)) {
      setNotice(`Kept the current run; ${file.name} was not imported.`);
      return;
    }
    setNotice(`Imported ${file.name}.${parsed.warnings.length ? ` Note: ${parsed.warnings.join('; ')}.` : ''}`);
    onImport({ run: parsed.run, replayConfig: parsed.replayConfig, warnings: parsed.warnings, fileName: file.name });
  };

  return (
    <span className="pl-import-run">
      <button type="button" onClick={() => inputRef.current?.click()}>
        Import run JSON
      </button>
      <input
        ref={inputRef}
        id={inputId}
        type="file"
        accept="application/json,.json"
        className="pl-visually-hidden"
        tabIndex={-1}
        aria-label="Run file to import"
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Clear the input so choosing the same file again (after fixing it) fires onChange.
          event.target.value = '';
          if (file) void readFile(file);
        }}
      />
      <span role="status" aria-live="polite" className="pl-status">
        {notice}
      </span>
      {errors ? (
        <div role="alert" className="pl-alert">
          <p>{errors.fileName} cannot be imported:</p>
          <ul>
            {errors.messages.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </span>
  );
}
