/**
 * A loaded trace that was not read whole (a gzip that ends early, a read error, an option
 * not applied) says so on every view, above them: what happened, how much was read, and
 * that what was read is what the views show. The Summary's diagnostics keep the details.
 */
import { useAppStore } from '../../state/store';
import { formatBytes } from '../format';

const sentence = (s: string): string => (s ? s[0].toUpperCase() + s.slice(1) : s);

export function InputBanner() {
  const errors = useAppStore((s) => s.session.summary?.diagnostics.inputErrors);
  const info = useAppStore((s) => s.session.info);
  if (!errors || errors.length === 0 || !info) return null;
  const read = `${formatBytes(info.inputBytes)} read${info.gzip ? ` (${formatBytes(info.textBytes)} of text)` : ''}`;
  return (
    <section className="input-banner" aria-label="Input problems" data-testid="input-banner">
      <ul>
        {errors.slice(0, 3).map((e, i) => (
          <li key={i}>{`${sentence(e)}.`}</li>
        ))}
      </ul>
      <p className="input-banner-read">
        {read}
        {errors.length > 3 ? ` · ${errors.length - 3} more problems in the Summary's diagnostics` : ''}
      </p>
    </section>
  );
}
