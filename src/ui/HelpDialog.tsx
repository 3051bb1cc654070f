import { useEffect, useRef } from 'react';
import { SHORTCUTS } from './shortcuts';

export interface HelpDialogProps {
  open: boolean;
  onClose: () => void;
}

/**
 * The keyboard-shortcut help as a modal <dialog>: the browser traps focus and closes it
 * on Escape; focus returns to where it was when the dialog opened.
 */
export function HelpDialog({ open, onClose }: HelpDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog || !open) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
    closeRef.current?.focus();
    return () => {
      if (typeof dialog.close === 'function' && dialog.open) dialog.close();
      else dialog.removeAttribute('open');
      previous?.focus();
    };
  }, [open]);

  return (
    <dialog
      ref={dialogRef}
      className="pl-help"
      aria-labelledby="pl-help-title"
      onClose={onClose}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onClose();
        }
      }}
    >
      <h2 id="pl-help-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {SHORTCUTS.map((shortcut) => (
            <tr key={shortcut.action}>
              <th scope="row">
                <kbd>{shortcut.keyLabel}</kbd>
              </th>
              <td>{shortcut.description}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">
              <kbd>Esc</kbd>
            </th>
            <td>Close this help</td>
          </tr>
        </tbody>
      </table>
      <p className="pl-help-note">Shortcuts are off while you type in a field.</p>
      <button ref={closeRef} type="button" onClick={onClose}>
        Close
      </button>
    </dialog>
  );
}
