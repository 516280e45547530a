// A process's handles on shared objects: one handle object per id, rebuilt from refs that came in args.
import type { Pid } from '../protocol/messages';
import { RuntimeError } from './errors';
import type { HandleRef } from './serialize';

/** The handles of one process, with the names and synchronous state the kernel pushes for their objects. */
export class Handles {
  private seq = 0;
  private readonly byId = new Map<string, object>();
  /** How to rebuild a handle of each kind in this process (registered by the modules). */
  readonly factories = new Map<string, (ref: HandleRef) => object>();
  /** Display names the kernel gave our shared objects (`Queue#1`). */
  readonly names = new Map<string, string>();
  /** Synchronous state pushed by the kernel (`isSet()`, `nWaiting`…), per object id. */
  readonly state = new Map<string, Record<string, unknown>>();

  /** Keeps `handle` for a new object made by process `pid`; returns its id (`pid.n`). */
  add(pid: Pid, handle: object): string {
    const id = `${pid}.${++this.seq}`;
    this.byId.set(id, handle);
    return id;
  }

  /** This process's handle for a shared object that arrived in args (one object per id). */
  handleFor(ref: HandleRef): unknown {
    const known = this.byId.get(ref.id);
    if (known) return known;
    const make = this.factories.get(ref.kind);
    if (!make) throw new RuntimeError(`mpplay: cannot rebuild a ${ref.kind} in this process`);
    const h = make(ref);
    this.byId.set(ref.id, h); // the kernel attached this process to it when it was spawned
    return h;
  }

  /** The kernel pushed state for object `id` (its name comes this way too). */
  update(id: string, state: Record<string, unknown>): void {
    if (typeof state.name === 'string') this.names.set(id, state.name);
    this.state.set(id, { ...this.state.get(id), ...state });
  }

  /** `Queue#1` once the kernel has named it, else the id. */
  nameOf(id: string, kind: string): string {
    return this.names.get(id) ?? `${kind}@${id}`;
  }
}
