/**
 * What the header shows of a ready trace (name, format, sizes), picked out of its info:
 * not its fingerprint, which comes after ready (state/fingerprint.ts), often during the
 * first zoom, and rendered the header and all its controls again for nothing.
 */
import type { AppState } from '../../state/store';

export interface HeaderInfo {
  ready: boolean;
  name: string;
  formatLabel: string;
  inputBytes: number;
  gzip: boolean;
  textBytes: number;
}

export function headerInfo(s: AppState): HeaderInfo {
  const info = s.session.status === 'ready' ? s.session.info : null;
  return {
    ready: info !== null,
    name: info?.name ?? '',
    formatLabel: info?.formatLabel ?? '',
    inputBytes: info?.inputBytes ?? 0,
    gzip: info?.gzip ?? false,
    textBytes: info?.textBytes ?? 0,
  };
}
