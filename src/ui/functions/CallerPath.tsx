/**
 * One caller path of the callers & callees panel: `a › b › … › y › z › fn`. A long path
 * shows its outermost and innermost callers around an ellipsis button that opens the rest
 * (its title lists the hidden names). Each name is set apart (`<bdi>`, format.ts namesJoined):
 * a right-to-left override in one would turn the separators and names after it round.
 */
import { Fragment, useState } from 'react';
import type { CallerSource } from '../../core/query/callers-callees';
import { SourceLink } from '../source-link/SourceLink';
import { namesJoined } from '../format';

/** Paths longer than this are shortened to HEAD + … + TAIL names. */
const MAX_SHOWN = 6;
const HEAD = 2;
const TAIL = 3;

/**
 * `source` (core/query/callers-callees.ts): 'tree' for a path of the call tree; 'recorded' for
 * the one caller the function tracer printed (`<-parent`), which records no deeper path;
 * 'none' when it printed none: those calls were not made at the top level.
 */
export function CallerPath({ path, name, source = 'tree' }: { path: string[]; name: string; source?: CallerSource }) {
  const [open, setOpen] = useState(false);
  const shorten = !open && path.length > MAX_SHOWN;
  const hidden = shorten ? path.slice(HEAD, path.length - TAIL) : [];
  const names = (list: string[], from: number) =>
    list.map((n, j) => (
      <Fragment key={from + j}>
        <span className="fd-path-name">
          <bdi>{n}</bdi>
          <SourceLink name={n} tabIndex={-1} />
        </span>
        <span className="fd-sep">{' › '}</span>
      </Fragment>
    ));
  return (
    <span className="fd-path-names">
      {source === 'none' && (
        <span className="muted" title="The function tracer printed no caller for these calls (print-parent off)">
          (caller not recorded) ›{' '}
        </span>
      )}
      {source === 'recorded' && (
        <span className="muted" title="The caller the function tracer printed (<-parent): it records no deeper path">
          (recorded caller){' '}
        </span>
      )}
      {source === 'tree' && path.length === 0 && <span className="muted">(called at the top level) › </span>}
      {shorten ? (
        <>
          {names(path.slice(0, HEAD), 0)}
          <button
            type="button"
            className="fd-more"
            title={namesJoined(hidden, ' › ')}
            aria-label={`Show ${hidden.length} more callers`}
            onClick={() => setOpen(true)}
          >
            …
          </button>
          <span className="fd-sep">{' › '}</span>
          {names(path.slice(path.length - TAIL), path.length - TAIL)}
        </>
      ) : (
        names(path, 0)
      )}
      <strong>
        <bdi>{name}</bdi>
      </strong>
    </span>
  );
}
