/**
 * A small link to a function's source on Elixir (elixir.bootlin.com), next to its name.
 * Renders nothing when the name has no C identifier (addresses, BPF programs, task
 * labels) or the version is not a valid tag. The URL comes from the one set of rules in
 * lib/kernel-source.ts (useSourceUrl), URL-encoded; it opens in a new tab without an opener.
 */
import type { MouseEvent } from 'react';
import { useSourceUrl } from './useSourceUrl';

export interface SourceLinkProps {
  /** The function name as traced (`copy_strings.isra.0` links to `copy_strings`). */
  name: string;
  /** -1 inside composite widgets (tree rows) so the rows are not one tab stop each. */
  tabIndex?: number;
  className?: string;
}

export function SourceLink({ name, tabIndex, className }: SourceLinkProps) {
  const href = useSourceUrl(name);
  if (!href) return null;
  // A click opens the source only: it must not also select or toggle the row around it.
  const stop = (e: MouseEvent) => e.stopPropagation();
  return (
    <a
      className={className ? `source-link ${className}` : 'source-link'}
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      aria-label={`Source of ${name} on elixir.bootlin.com`}
      title={`Source of ${name} on elixir.bootlin.com`}
      tabIndex={tabIndex}
      onClick={stop}
      onMouseDown={stop}
      onDoubleClick={stop}
    >
      <svg className="source-link-icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
        <path
          d="M6 3H3.5A1.5 1.5 0 0 0 2 4.5v8A1.5 1.5 0 0 0 3.5 14h8a1.5 1.5 0 0 0 1.5-1.5V10M9 2h5v5M14 2 7.5 8.5"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.6"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
    </a>
  );
}
