/**
 * "Show the lines" of a call's card: the raw input around the call's line, read again by
 * the worker (service inputLines), in a native modal <dialog> (Escape and Close shut it).
 * The call's line is marked (aria-current). Lines from the trace are hostile text: React
 * text nodes only, never markup.
 */
import { useEffect, useRef, useState } from 'react';
import { fetchInputLines, type InputLines } from '../../state/flame-queries';
import { formatCount } from '../format';

/** Lines shown on either side of the call's. */
export const LINE_CONTEXT = 20;

interface Props {
  /** The call's 1-based input line. */
  line: number;
  /** What the lines are of (the call's name), for the title. */
  name: string;
  onClose: () => void;
}

export function InputLinesDialog({ line, name, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const marked = useRef<HTMLLIElement>(null);
  const [answer, setAnswer] = useState<InputLines | { kind: 'error'; message: string } | null>(null);

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  useEffect(() => {
    let live = true;
    fetchInputLines(line, LINE_CONTEXT).then(
      (a) => live && a && setAnswer(a),
      (err: unknown) => live && setAnswer({ kind: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [line]);

  useEffect(() => {
    marked.current?.scrollIntoView({ block: 'center' });
  }, [answer]);

  return (
    <dialog ref={dialog} className="lines-dialog" aria-label={`Input lines around line ${formatCount(line)}`} onClose={onClose}>
      <div className="help-head">
        <h2>{`Line ${formatCount(line)} of the input: ${name}`}</h2>
        <button type="button" className="button" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
      {answer === null && <p role="status">Reading the input…</p>}
      {answer?.kind === 'none' && <p role="status">{`The lines cannot be shown: ${answer.reason}.`}</p>}
      {answer?.kind === 'error' && <p role="alert">{`The lines could not be read: ${answer.message}`}</p>}
      {answer?.kind === 'lines' && (
        <ol className="lines-list" start={answer.first} data-testid="input-lines">
          {answer.lines.map((text, i) => {
            const n = answer.first + i;
            const here = n === line;
            return (
              <li
                key={n}
                ref={here ? marked : undefined}
                value={n}
                className={here ? 'lines-here' : undefined}
                aria-current={here ? 'true' : undefined}
                data-line={n}
              >
                <span className="lines-number" aria-hidden="true">
                  {n}
                </span>
                <code className="lines-text">{text}</code>
              </li>
            );
          })}
        </ol>
      )}
    </dialog>
  );
}
