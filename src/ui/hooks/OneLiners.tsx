/**
 * The one-liners of a function, each with a Copy button, after what its name means to a
 * probe and what the kernel refuses on it (one-liner-lines.ts); or why none was made for
 * its name.
 */
import type { ProbeCommands } from '../../lib/probe-commands';
import { CopyButton } from './CopyButton';
import { oneLinerLines } from './one-liner-lines';

export function OneLiners({ name, probes }: { name: string; probes: ProbeCommands }) {
  const lines = oneLinerLines(probes);
  return (
    <>
      {lines.map((l) => (
        <p key={l.text} className={l.kind === 'refused' ? 'muted' : 'hp-note'} data-kind={l.kind}>
          {l.text}
        </p>
      ))}
      {probes.commands.length > 0 && (
        <ul className="hp-commands" aria-label={`One-liners for ${name}`}>
          {probes.commands.map((c) => (
            <li key={c.id} className="hp-command">
              <span className="muted">{c.purpose}</span>
              <code className="hp-code">{c.command}</code>
              <CopyButton text={c.command} label={`Copy: ${c.purpose}`} />
              {c.note !== '' && <span className="muted hp-note">{c.note}</span>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
