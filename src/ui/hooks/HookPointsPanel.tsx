/**
 * Hook points of explore.selectedFunction: the syscalls that reach it (calls per syscall
 * call, depth), its latency, tasks and return values, what its name says, and one-liners
 * (bpftrace, trace-cmd) each with a Copy button, after what the name means to a probe (a
 * compiler clone, a syscall's wrapper, a ppc64 dot symbol: OneLiners); a button ranks the functions under it as
 * hook candidates. Every name is trace text, rendered as text only; the commands come from
 * lib/probe-commands.ts, which makes none for a name that is not a plain kernel symbol.
 * A trace name set beside other text is in a <bdi>: a right-to-left override in it (a
 * clone suffix is anything after the dot) turned the counts and words after it round.
 */
import { formatCount, formatDuration, nameWithFigure } from '../format';
import { SourceLink } from '../source-link/SourceLink';
import { OneLiners } from './OneLiners';
import { HookCandidates } from './HookCandidates';
import { setHookCandidatesOf, useAppStore } from '../../state/store';
import { useViewFilter } from '../use-view-filter';
import { useHookPoints } from './useHookPoints';

export function HookPointsPanel() {
  const state = useHookPoints();
  const filter = useViewFilter();
  // Shared with the flame views' hover cards, which open the candidates of a frame here.
  const candidatesOf = useAppStore((s) => s.view.hookCandidatesOf);
  const candidatesAt = useAppStore((s) => s.view.hookCandidatesAt);
  if (state.status === 'none') {
    return (
      <section className="hp-panel" aria-label="Hook points">
        <p className="muted">Select a function to see where to hook it.</p>
      </section>
    );
  }
  const name = state.name;
  const head = (
    <h2 className="fd-title">
      Hook points <span className="fd-name">{name}</span>
    </h2>
  );
  if (state.status !== 'ready' || state.hooks === null) {
    return (
      <section className="hp-panel" aria-label="Hook points" aria-busy={state.status === 'loading'}>
        {head}
        <p className={state.status === 'error' ? 'error-text' : 'muted'}>
          {state.status === 'error' ? `Could not read this function: ${state.message}` : state.status === 'loading' ? 'Loading…' : 'The trace has no function of this name.'}
        </p>
      </section>
    );
  }
  const h = state.hooks;
  const nf = h.nameFacts;
  return (
    <section className="hp-panel" aria-label="Hook points">
      <h2 className="fd-title">
        Hook points{' '}
        <span className="fd-name">
          <bdi>{name}</bdi>
        </span>{' '}
        <SourceLink name={name} />
      </h2>
      <p className="muted hp-note">
        {formatCount(h.calls)} call{h.calls === 1 ? '' : 's'} in view. Every function in a function_graph trace was traceable on that kernel, so a
        kprobe on it attaches there unless it is on the kprobe blacklist (/sys/kernel/debug/kprobes/blacklist); a function absent from the trace
        proves nothing (filtered, notrace or inlined). A trace shows one name for functions that share it (static functions of one name in
        different files, each listed in /proc/kallsyms): since Linux 6.6 and its stable backports a kprobe on such a name is refused with
        EADDRNOTAVAIL (number_of_same_symbols in kernel/trace/trace_kprobe.c).
      </p>
      {nf.cloneSuffix !== '' && (
        <p className="hp-note">
          A compiler clone (<bdi>{nf.cloneSuffix}</bdi>) of{' '}
          <code>
            <bdi>{nf.original}</bdi>
          </code>
          : the source link goes to{' '}
          <code>
            <bdi>{nf.original}</bdi>
          </code>{' '}
          (what the name means to a probe is said with the one-liners).
        </p>
      )}
      {h.variants.length > 0 && (
        <p className="hp-note" aria-label={`Other forms of ${name}`}>
          Other forms of this function in the trace (a probe on one misses the calls that reach another):{' '}
          {h.variants.map((v, k) => (
            <span key={v.name}>
              {k > 0 && ', '}
              <code>
                <bdi>{v.name}</bdi>
              </code>{' '}
              ({formatCount(v.calls)} in view)
            </span>
          ))}
          .
        </p>
      )}

      <h3 className="fd-section">Entry points</h3>
      {h.unnestedCalls > 0 && (
        <p className="muted hp-note">
          {formatCount(h.unnestedCalls)} call{h.unnestedCalls === 1 ? '' : 's'} recorded by the function tracer, which prints each call alone with its
          caller, not what encloses it: {h.unnestedCalls === 1 ? 'its' : 'their'} entry points and depth are not in this trace (record with
          function_graph to have them).
        </p>
      )}
      {(h.entries.length > 0 || h.unnestedCalls === 0) && (
        <table className="hp-table" aria-label={`Entry points of ${name}`}>
          <thead>
            <tr>
              <th scope="col">Entry</th>
              <th scope="col">entry calls</th>
              {/* Not "calls of NAME": a long name made this column the widest (the panel's title names it). */}
              <th scope="col" title={`Calls of ${name} under the entry`}>
                its calls
              </th>
              <th scope="col" title="1.0 fires once per event: the ideal hook">per entry call</th>
              <th scope="col">depth</th>
            </tr>
          </thead>
          <tbody>
            {h.entries.map((e) => (
              <tr key={`${e.kind}:${e.func}:${e.landedIn}`}>
                <td>
                  <bdi>{e.name}</bdi>
                  {e.kind === 'root' && <span className="muted"> (task root)</span>}
                  {e.kind === 'interrupt' && (
                    <span className="muted">
                      {' '}
                      (interrupt
                      {e.landedIn !== '' && (
                        <>
                          , landed in <bdi>{e.landedIn}</bdi>
                        </>
                      )}
                      )
                    </span>
                  )}
                </td>
                <td>{formatCount(e.entryCalls)}</td>
                <td>{formatCount(e.funcCalls)}</td>
                <td>{Number.isFinite(e.perEntryCall) ? e.perEntryCall.toFixed(2) : '—'}</td>
                <td>{e.minDepth === e.maxDepth ? e.minDepth : `${e.minDepth}–${e.maxDepth}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <p className="fd-facts">
        Latency p50 {formatDuration(h.latency.p50)} · p99 {formatDuration(h.latency.p99)} · max {formatDuration(h.latency.max)}
        {h.latency.timed < h.calls && <span className="muted"> ({formatCount(h.latency.timed)} timed)</span>}
        {h.nestedCalls > 0 && (
          <span className="muted" title="Recursion, or a softirq or interrupt on the same thread: a probe keyed by thread alone loses the outer call">
            {' '}
            · {formatCount(h.nestedCalls)} inside another call of it
          </span>
        )}
      </p>
      <p className="fd-facts">
        Tasks: {h.tasks.slice(0, 8).map((t) => nameWithFigure(t.label, formatCount(t.calls))).join(', ')}
        {h.taskCount > 8 && ` and ${formatCount(h.taskCount - 8)} more`}
      </p>
      {h.returnValues.length > 0 && (
        <>
          <h3 className="fd-section">Return values</h3>
          <ul className="hp-list" aria-label={`Return values of ${name}`}>
            {h.returnValues.slice(0, 20).map((r) => (
              <li key={r.value}>
                <code>{r.value}</code>
                {r.errno !== '' && ` (${r.errno})`} × {formatCount(r.count)}
                {r.isError && (
                  <span className="muted" title="Calls where no callee returned the same value: the error starts in this function">
                    {' '}
                    · made here {formatCount(r.originated)}
                  </span>
                )}
                {r.truncated && <span className="muted"> (printed cut)</span>}
              </li>
            ))}
          </ul>
          {h.returnValueCount > 20 && <p className="muted">and {formatCount(h.returnValueCount - 20)} more values</p>}
        </>
      )}

      <h3 className="fd-section">One-liners</h3>
      <OneLiners name={name} probes={h.probes} />

      <button type="button" className="button small" onClick={() => setHookCandidatesOf(candidatesOf === name ? null : name)} aria-expanded={candidatesOf === name}>
        Hook candidates under <bdi>{name}</bdi>
      </button>
      {candidatesOf === name && <HookCandidates frame={name} at={candidatesAt} filter={filter} />}
    </section>
  );
}
