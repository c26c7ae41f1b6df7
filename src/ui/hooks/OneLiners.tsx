/**
 * The one-liners of a function, each with a Copy button, after what the kernel refuses on it;
 * or why none was made for its name.
 */
import type { ProbeCommands } from '../../lib/probe-commands';
import { CopyButton } from './CopyButton';

export function OneLiners({ name, probes }: { name: string; probes: ProbeCommands }) {
  if (probes.refused !== '') return <p className="muted">No command for this name: {probes.refused}.</p>;
  return (
    <>
      {probes.cautions.map((c) => (
        <p key={c} className="hp-note">
          {c}.
        </p>
      ))}
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
    </>
  );
}
