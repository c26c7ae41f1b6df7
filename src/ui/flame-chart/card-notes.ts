/**
 * What the flame chart's card says a call's figures rest on: the DerivedTime bits of its
 * frame (lib/derived-time.ts), each a clause of the card's "Approximate: …" note.
 */
import { DerivedTime } from '../../lib/derived-time';

export function cardNotes(derived: number): string[] {
  const notes: string[] = [];
  if (derived & DerivedTime.Start) notes.push('start laid out from durations (no timestamp)');
  if (derived & DerivedTime.NoReturn) notes.push('the function tracer records calls, not returns: its duration is unknown');
  else if (derived & DerivedTime.End) notes.push('never returned in the trace: end inferred from its calls');
  // The builder flags every call open on the CPU when the kernel printed CPU:N [LOST M EVENTS]
  // (trace.c print_trace_line); the card showed its self time as measured all the same.
  if (derived & DerivedTime.AfterLoss) notes.push('events were lost on its CPU while it ran: calls under it, or its return, may be missing, and their time counted as its own');
  return notes;
}
