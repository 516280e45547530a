// What each step of a controlled run does, in words a learner reads: `print("甲 拿到了两把锁")`,
// `Queue#1.get()`, `join(Process-1)`, `Value#1.value (read)`. For the page's choices and its schedule strip.
import type { Pid, ProcToKernel } from '../../protocol/messages';
import { FLAG_ARRAY, K, flagsOf, keyOfDesc, kindOf } from '../../protocol/sched/ops';
import type { TraceEvent } from '../../protocol/trace';

const MAX_TEXT = 40;

/** A short rendering of a value for a label (a print's text, a put's item). */
function brief(v: unknown): string {
  let s: string;
  try {
    s = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  } catch {
    s = String(v);
  }
  return s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT - 1)}…` : s;
}

export class Labeler {
  private readonly objects = new Map<string, string>();
  private readonly names = new Map<Pid, string>();
  private readonly shared = new Map<number, string>();
  private values = 0;
  private arrays = 0;

  /** Learns names from the trace: processes (spawn) and shared objects (object). */
  note(ev: TraceEvent): void {
    if (ev.kind === 'spawn') this.names.set(ev.pid, ev.name);
    else if (ev.kind === 'object') this.objects.set(ev.id, ev.obj);
  }

  nameOf(pid: Pid): string {
    return this.names.get(pid) ?? `pid ${pid}`;
  }

  private object(id: string): string {
    return this.objects.get(id.split('/')[0]!) ?? this.objects.get(id) ?? id;
  }

  /** A kernel call about to be taken. */
  unit(msg: ProcToKernel): string {
    switch (msg.t) {
      case 'out':
        return `print(${brief(msg.text.replace(/\n$/, ''))})`;
      case 'spawn':
        return `start ${msg.spec.name}`;
      case 'signal':
        return `${msg.signal === 9 ? 'kill' : 'terminate'}(${this.nameOf(msg.pid)})`;
      case 'exit':
        return msg.reason === 'returned' ? 'exit' : `exit (${msg.reason}, code ${msg.code})`;
      case 'call': {
        const c = msg.call;
        if (c.op === 'sleep') return `time.sleep(${c.seconds})`;
        if (c.op === 'join') return `join(${this.nameOf(c.pid)})`;
        if (c.op === 'held') return 'how much the queues hold';
        return `${this.object(c.id)}.${c.method}()`;
      }
      case 'op':
        return `${this.object(msg.id)}.${msg.method}(${msg.method === 'put' || msg.method === 'send' ? brief(msg.args[0]) : ''})`;
      default:
        return msg.t;
    }
  }

  /** A shared-memory access, from its descriptor. */
  sharedAccess(a: number, b: number): string {
    const array = (flagsOf(a) & FLAG_ARRAY) !== 0;
    const key = keyOfDesc(a);
    let name = this.shared.get(key);
    if (!name) {
      name = array ? `Array#${++this.arrays}` : `Value#${++this.values}`;
      this.shared.set(key, name);
    }
    const rw = kindOf(a) === K.SM_WRITE ? 'write' : 'read';
    if (!array) return `${name}.value (${rw})`;
    return `${name}[${b < 0 ? ':' : b}] (${rw})`;
  }

  /** A step from its descriptor alone (a kernel call described only by its kind). */
  fromDesc(a: number, b: number): string {
    const kind = kindOf(a);
    if (kind === K.SM_READ || kind === K.SM_WRITE) return this.sharedAccess(a, b);
    return ['?', '', '', 'print', 'start', 'join', 'exit', 'time.sleep', 'signal', 'call', 'call'][kind] ?? '?';
  }
}
