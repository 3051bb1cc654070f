import { useRef } from 'react';

export interface FileImportButtonProps {
  /** The button's text, e.g. "Import run JSON". */
  label: string;
  /** The accessible name of the hidden file input, e.g. "Run file to import". */
  inputLabel: string;
  /** Files larger than this are refused before they are read. */
  maxBytes: number;
  /** What the files are called in the refusal, e.g. "run files". */
  kind: string;
  /** The chosen file's text, read. */
  onText: (fileName: string, text: string) => void;
  /** Why the chosen file could not be read (too large, or the browser failed to read it). */
  onUnreadable: (fileName: string, reason: string) => void;
}

const megabytes = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(0)} MB`;

/**
 * A button that opens the file chooser for one JSON file and reads it as text: the same
 * markup, size limit and read errors for every import (run files, sweep files).
 */
export function FileImportButton({ label, inputLabel, maxBytes, kind, onText, onUnreadable }: FileImportButtonProps) {
  const inputRef = useRef<HTMLInputElement>(null);

  const read = async (file: File) => {
    if (file.size > maxBytes) {
      onUnreadable(file.name, `the file is ${megabytes(file.size)}; ${kind} are at most ${megabytes(maxBytes)}`);
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      onUnreadable(file.name, `the browser could not read the file (${error instanceof Error ? error.message : String(error)}); choose it again`);
      return;
    }
    onText(file.name, text);
  };

  return (
    <>
      <button type="button" onClick={() => inputRef.current?.click()}>
        {label}
      </button>
      <input
        ref={inputRef}
        type="file"
        accept="application/json,.json"
        className="pl-visually-hidden"
        tabIndex={-1}
        aria-label={inputLabel}
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Clear the input so choosing the same file again (after fixing it) fires onChange.
          event.target.value = '';
          if (file) void read(file);
        }}
      />
    </>
  );
}
