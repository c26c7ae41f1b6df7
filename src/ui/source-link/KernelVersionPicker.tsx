/**
 * Which kernel version the source links open on Elixir: the one the trace names (its
 * latency banner's or trace.dat's kernel release, e.g. `6.8.0-45-generic` → `v6.8`) unless
 * the user chose one, else `latest`; a version the user types (`v6.8`, `v6.12.5`,
 * `v6.10-rc3`), or one typed before.
 *
 * Typed text is checked by the one version grammar (lib/kernel-source.ts), synchronously;
 * an invalid tag is shown inline and changes nothing. The choice goes to explore.kernelVersion and
 * localStorage, and is restored from there on the next visit.
 */
import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { elixirVersionFromRelease, validateElixirVersion } from '../../lib/kernel-source';
import { recentKernelVersions, rememberKernelVersion, storedKernelVersion, traceKernelVersion } from '../../state/kernel-version';
import { setExplore, useAppStore } from '../../state/store';

/** The version last set from a trace (not chosen by the user): the next trace may replace it. */
let autoPicked: string | null = null;

export function KernelVersionPicker() {
  const version = useAppStore((s) => s.explore.kernelVersion);
  const release = useAppStore((s) => (s.session.status === 'ready' ? (s.session.summary?.kernelRelease ?? '') : ''));
  const [draft, setDraft] = useState(version);
  const [error, setError] = useState<string | null>(null);
  const [recent, setRecent] = useState<string[]>(() => recentKernelVersions());
  const id = useId();

  // The remembered version, unless something (a permalink) already chose one.
  useEffect(() => {
    const stored = storedKernelVersion();
    if (!stored || stored === 'latest') return;
    const v = validateElixirVersion(stored);
    if (v && useAppStore.getState().explore.kernelVersion === 'latest') setExplore({ kernelVersion: v });
  }, []);

  // The version changed elsewhere (permalink, restore): show it.
  useEffect(() => {
    setDraft(version);
    setError(null);
  }, [version]);

  /** The trace's own kernel, as an Elixir tag. */
  const suggestion = useMemo(() => (release ? elixirVersionFromRelease(release) : null), [release]);

  // A trace that names its kernel links to that kernel's source, unless the user chose a version.
  const trace = useAppStore((s) => (s.session.status === 'ready' ? s.session.traceId : 0));
  useEffect(() => {
    if (!trace) return;
    const current = useAppStore.getState().explore.kernelVersion;
    const next = traceKernelVersion(current, autoPicked, storedKernelVersion(), suggestion);
    if (next === current) return;
    autoPicked = next === 'latest' ? null : next;
    setExplore({ kernelVersion: next });
  }, [trace, suggestion]);

  const options = ['latest', ...(suggestion ? [suggestion] : []), ...recent].filter((v, k, all) => all.indexOf(v) === k);

  const commit = (text: string) => {
    const wanted = text.trim() === '' ? 'latest' : text;
    const v = validateElixirVersion(wanted);
    if (!v) {
      setError(`"${wanted.trim()}" is not an Elixir version: use latest, v6.8, v6.12.5 or v6.10-rc3`);
      return;
    }
    setError(null);
    setDraft(v);
    rememberKernelVersion(v);
    setRecent(recentKernelVersions());
    if (useAppStore.getState().explore.kernelVersion !== v) setExplore({ kernelVersion: v });
  };

  const onChange = (text: string) => {
    setDraft(text);
    setError(null);
    // Picking an offered version (the list) applies it at once; typing waits for Enter or blur.
    if (options.includes(text)) commit(text);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      commit(draft);
    } else if (e.key === 'Escape') {
      setDraft(version);
      setError(null);
    }
  };

  return (
    <div className="kernel-version">
      <label className="kernel-version-label" htmlFor={`${id}-input`}>
        Kernel source
      </label>
      <input
        id={`${id}-input`}
        className="kernel-version-input"
        type="text"
        list={`${id}-options`}
        value={draft}
        spellCheck={false}
        autoComplete="off"
        placeholder="latest"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : `${id}-hint`}
        title="Kernel version of the source links (elixir.bootlin.com): latest, v6.8, v6.12.5, v6.10-rc3"
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => {
          if (draft !== version) commit(draft);
        }}
      />
      <datalist id={`${id}-options`}>
        {options.map((v) => (
          <option key={v} value={v}>
            {v === suggestion ? `${v} (the trace's kernel)` : v === 'latest' ? 'latest (default)' : v}
          </option>
        ))}
      </datalist>
      <span id={`${id}-hint`} className="visually-hidden">
        Version of the kernel source links on elixir.bootlin.com{suggestion ? `; the trace names ${suggestion}` : ''}
      </span>
      {error && (
        <span id={`${id}-error`} className="kernel-version-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
