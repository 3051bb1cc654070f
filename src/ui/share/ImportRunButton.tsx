import { useState } from 'react';
import type { RunConfig } from '../../core/config';
import { parseRunFile, type RunFile } from '../../core/runFile';
import { FileImportButton } from '../FileImportButton';

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
  const [errors, setErrors] = useState<{ fileName: string; messages: string[] } | null>(null);
  const [notice, setNotice] = useState('');

  const refuse = (fileName: string, messages: string[]) => {
    setNotice('');
    setErrors({ fileName, messages });
    onRefused?.();
  };

  const importText = (fileName: string, text: string) => {
    setErrors(null);
    setNotice('');
    const parsed = parseRunFile(text);
    if (!parsed.ok) {
      refuse(fileName, parsed.errors);
      return;
    }
    if (!confirmReplace(fileName)) {
      setNotice(`Kept the current run; ${fileName} was not imported.`);
      return;
    }
    setNotice(`Imported ${fileName}.${parsed.warnings.length ? ` Note: ${parsed.warnings.join('; ')}.` : ''}`);
    onImport({ run: parsed.run, replayConfig: parsed.replayConfig, warnings: parsed.warnings, fileName });
  };

  return (
    <span className="pl-import-run">
      <FileImportButton
        label="Import run JSON"
        inputLabel="Run file to import"
        maxBytes={MAX_IMPORT_BYTES}
        kind="run files"
        onText={importText}
        onUnreadable={(fileName, reason) => refuse(fileName, [`${reason}. Choose a run exported from PruneLab`])}
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
