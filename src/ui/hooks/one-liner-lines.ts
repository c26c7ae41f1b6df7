/**
 * The lines the Hook points panels show above a function's one-liners: why none was made
 * for its name; or what its name means to a probe (`ProbeCommands.notes`: a ppc64 ELFv1
 * dot symbol, a compiler clone, a syscall's wrapper, body or 32-bit entry), then what the
 * kernel refuses on it (`cautions`). The single and the compared panel show the same lines
 * (OneLiners.tsx); every line holds trace text and is rendered as text.
 */
import type { ProbeCommands } from '../../lib/probe-commands';

export interface OneLinerLine {
  kind: 'refused' | 'note' | 'caution';
  text: string;
}

/** The lines above the commands, in the order shown. */
export function oneLinerLines(probes: ProbeCommands): OneLinerLine[] {
  if (probes.refused !== '') return [{ kind: 'refused', text: `No command for this name: ${probes.refused}.` }];
  return [...probes.notes.map((text) => ({ kind: 'note' as const, text: sentence(text) })), ...probes.cautions.map((text) => ({ kind: 'caution' as const, text: sentence(text) }))];
}

/** `text` ending in a full stop (the notes end in one, the cautions do not). */
function sentence(text: string): string {
  return text.endsWith('.') ? text : `${text}.`;
}
