/**
 * The flame graph's zoom path as buttons: the root ("All"), then each name of
 * explore.zoomPath. A button zooms out to that level; the last one is where we are.
 * Names are trace text: rendered as React text only.
 */
import { setExplore, useAppStore } from '../../state/store';

interface Props {
  /** How many names of the zoom path the current answer found (the rest are not in this view). */
  found: number;
  /** Label of the level above everything. */
  rootLabel: string;
}

export function Breadcrumbs({ found, rootLabel }: Props) {
  const zoomPath = useAppStore((s) => s.explore.zoomPath);
  if (zoomPath.length === 0) {
    return <p className="flame-hint">Click a frame to zoom into it; wheel to zoom, drag to pan.</p>;
  }
  return (
    <nav className="flame-breadcrumbs" aria-label="Flame graph zoom">
      <ol>
        <li>
          <button type="button" className="crumb" onClick={() => setExplore({ zoomPath: [] })}>
            {rootLabel}
          </button>
        </li>
        {zoomPath.map((name, i) => {
          const last = i === zoomPath.length - 1;
          const missing = i >= found;
          return (
            <li key={`${i}:${name}`}>
              <button
                type="button"
                className={missing ? 'crumb crumb-missing' : 'crumb'}
                aria-current={last ? 'location' : undefined}
                title={missing ? 'Not in the current view' : name}
                onClick={() => setExplore({ zoomPath: zoomPath.slice(0, i + 1) })}
              >
                {name}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
