// The learner's questions and a controlled run's end, made safe where they enter the page (as runController does
// for trace events): the process names and step labels in them are the program's, shown as text.
import type { AskMessage } from '../hosts/browser/asking';
import type { ControlledEnd } from '../hosts/browser/exploreProtocol';
import { safeName } from '../protocol/safeText';

/** `m` with every option's name and label made safe (control characters visible). */
export function safeAsk(m: AskMessage): AskMessage {
  return { ...m, options: m.options.map((o) => ({ ...o, name: safeName(o.name), label: safeName(o.label) })) };
}

/** `c` with every decision mark's label made safe (labels hold process, queue and lock names). */
export function safeControlled(c: ControlledEnd): ControlledEnd {
  return { ...c, marks: c.marks.map((m) => ({ ...m, label: safeName(m.label) })) };
}
