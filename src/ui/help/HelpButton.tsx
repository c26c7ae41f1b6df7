/**
 * The "?" button in the header and the keyboard-shortcuts dialog it opens. Pressing `?`
 * anywhere outside a text field opens it too. A native modal <dialog>: Escape closes it,
 * focus is trapped inside while open and goes back where it was when it closes.
 */
import { Fragment, useCallback, useEffect, useRef, useState } from 'react';
import { isFreeKeyPress, isTextField } from '../toolbar/keys';
import { SHORTCUT_GROUPS } from './shortcuts';

export function HelpButton() {
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  /** Where focus was when the dialog opened. */
  const returnTo = useRef<HTMLElement | null>(null);

  const show = useCallback(() => {
    returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setOpen(true);
  }, []);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      d.querySelector<HTMLElement>('.help-close')?.focus();
    }
    if (!open && d.open) d.close();
  }, [open]);

  // The dialog closed (Escape, the Close button, `?`): give focus back.
  const onClose = () => {
    setOpen(false);
    const target = returnTo.current;
    returnTo.current = null;
    if (target?.isConnected) target.focus();
  };

  useEffect(() => {
    const onDocKey = (e: KeyboardEvent) => {
      if (e.key !== '?' || e.ctrlKey || e.metaKey || e.altKey) return;
      if (dialog.current?.open) {
        if (isTextField(e.target)) return;
        e.preventDefault();
        dialog.current.close();
        return;
      }
      if (!isFreeKeyPress(e)) return;
      e.preventDefault();
      show();
    };
    document.addEventListener('keydown', onDocKey);
    return () => document.removeEventListener('keydown', onDocKey);
  }, [show]);

  return (
    <>
      <button
        type="button"
        className="button help-button"
        aria-label="Keyboard shortcuts"
        aria-keyshortcuts="?"
        aria-haspopup="dialog"
        title="Keyboard shortcuts (?)"
        onClick={show}
      >
        ?
      </button>
      <dialog ref={dialog} className="help-dialog" aria-label="Keyboard shortcuts" onClose={onClose}>
        {open && (
          <>
            <div className="help-head">
              <h2>Keyboard shortcuts</h2>
              <button type="button" className="button help-close" onClick={() => dialog.current?.close()}>
                Close
              </button>
            </div>
            <div className="help-groups">
              {SHORTCUT_GROUPS.map((g) => (
                <section key={g.title} className="help-group" aria-label={g.title}>
                  <h3>{g.title}</h3>
                  <dl>
                    {g.shortcuts.map((s) => (
                      <Fragment key={`${g.title}:${s.what}`}>
                        <dt>
                          {s.keys.map((combo, i) => (
                            <Fragment key={combo.join('+')}>
                              {i > 0 && <span className="muted"> or </span>}
                              {combo.map((k, j) => (
                                <Fragment key={k}>
                                  {j > 0 && '+'}
                                  <kbd>{k}</kbd>
                                </Fragment>
                              ))}
                            </Fragment>
                          ))}
                        </dt>
                        <dd>{s.what}</dd>
                      </Fragment>
                    ))}
                  </dl>
                </section>
              ))}
            </div>
          </>
        )}
      </dialog>
    </>
  );
}
