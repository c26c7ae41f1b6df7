/**
 * The trace's fingerprint on the main thread. A load is ready before its input is
 * fingerprinted (service/load/fingerprint.ts): `info.contentHash` is null until the
 * worker's `fingerprint(side)` answers, then the store gets it (session.info for side A,
 * compare.info for side B). Share and a link that names a trace by its fingerprint wait
 * for it (`fingerprinted`), asking the worker to make it now (`hurryFingerprint`).
 */
import type { TraceInfo } from '../client/trace-client';
import { queryWorker } from './actions';
import { setCompare, setSession, useAppStore, type AppState } from './store';

export type FingerprintSide = 'a' | 'b';

function infoOf(s: AppState, side: FingerprintSide): TraceInfo | null {
  return side === 'a' ? s.session.info : s.compare.info;
}

function readyOf(s: AppState, side: FingerprintSide): boolean {
  return (side === 'a' ? s.session.status : s.compare.status) === 'ready';
}

/**
 * Waits for the worker's fingerprint of a side just made ready and writes it into that
 * side's info, unless another trace took the side meanwhile. Without an answer (the
 * worker failed) it is '': links then name the trace by its name and size.
 */
export async function learnFingerprint(side: FingerprintSide): Promise<void> {
  const info = infoOf(useAppStore.getState(), side);
  if (!info || info.contentHash !== null) return;
  let hex = '';
  try {
    const answer = await queryWorker('fingerprint', side);
    if (answer.stale) return;
    hex = answer.value;
  } catch {
    // hex stays '': the trace is still shown, only its links are less precise
  }
  if (infoOf(useAppStore.getState(), side) !== info) return;
  const withHash = { ...info, contentHash: hex };
  if (side === 'a') setSession({ info: withHash });
  else setCompare({ info: withHash });
}

/** Asks the worker to make a side's fingerprint now rather than once idle (the answer comes through `learnFingerprint`). */
export function hurryFingerprint(side: FingerprintSide): void {
  void queryWorker('fingerprint', side, true).catch(() => undefined);
}

/** Whether a side is ready and its fingerprint not known yet. */
export function fingerprintPending(side: FingerprintSide): boolean {
  const s = useAppStore.getState();
  return readyOf(s, side) && infoOf(s, side)?.contentHash === null;
}

/**
 * The side's info once its fingerprint is known (hurried along), or null when the side
 * stops being ready first (a new load, Cancel, compare mode left).
 */
export function fingerprinted(side: FingerprintSide): Promise<TraceInfo | null> {
  return new Promise((resolve) => {
    const settled = (): boolean => {
      const s = useAppStore.getState();
      const info = infoOf(s, side);
      if (!readyOf(s, side) || !info) resolve(null);
      else if (info.contentHash !== null) resolve(info);
      else return false;
      return true;
    };
    if (settled()) return;
    hurryFingerprint(side);
    const unsubscribe = useAppStore.subscribe(() => {
      if (settled()) unsubscribe();
    });
  });
}
