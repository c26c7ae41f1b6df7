/**
 * What the views keep for the trace on screen between tab switches, such as the call tree's
 * fetched rows and expanded paths per tree key. One TraceKeep per loaded trace: the views
 * area makes a new one when another trace is shown, so nothing outlives its trace and two
 * traces (compare mode) never share entries. Kept least recently used first, at most `max`
 * entries per kind (the part of the key before the first `:`).
 */
import { createContext, useContext } from 'react';

export class TraceKeep {
  private readonly kept = new Map<string, unknown>();

  /** `trace`: the trace it belongs to (the session's TraceInfo object). */
  constructor(
    readonly trace: unknown,
    private readonly max = 4,
  ) {}

  /** The entry under `key`, made by `create` when missing (evicting the oldest of its kind). */
  get<T>(key: string, create: () => T): T {
    if (this.kept.has(key)) {
      const value = this.kept.get(key) as T;
      this.kept.delete(key);
      this.kept.set(key, value);
      return value;
    }
    const kind = kindOf(key);
    const sameKind = [...this.kept.keys()].filter((k) => kindOf(k) === kind);
    if (sameKind.length >= this.max) this.kept.delete(sameKind[0]);
    const value = create();
    this.kept.set(key, value);
    return value;
  }
}

function kindOf(key: string): string {
  const i = key.indexOf(':');
  return i < 0 ? key : key.slice(0, i);
}

/** The keep of the trace on screen (ViewsArea provides it; a bare view gets one of its own). */
export const TraceKeepContext = createContext<TraceKeep | null>(null);

export function useTraceKeep(): TraceKeep {
  const keep = useContext(TraceKeepContext);
  if (!keep) throw new Error('useTraceKeep outside a TraceKeepContext provider');
  return keep;
}
