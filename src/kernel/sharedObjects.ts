// The run's shared objects (queues, pipes, locks…): made and named here, found by id or by name.
import type { ObjectId, ObjectKind, Pid, PipeLink } from '../protocol/messages';
import { PIPE_RING_BYTES } from '../protocol/messages';
import type { ProcessHost } from './host';
import type { ObjectHost, SyncObject } from './objects/base';
import { createObject } from './objects/registry';

/** Every shared object of the run, the item ids they hand out, and the direct links given to pipes. */
export class SharedObjects {
  private readonly byId = new Map<ObjectId, SyncObject>();
  private readonly byName = new Map<string, SyncObject>();
  private readonly kindCounts = new Map<ObjectKind, number>();
  private itemSeq = 0;
  /** Direct links given to pipe directions so far (see KernelOptions.pipeLinks). */
  pipeLinksMade = 0;
  /** Bytes the items in queues and pipes hold now (estimated: approxBytes). */
  held = 0;
  /** Bytes they have freed in all since the run began (what processes that asked are told: `freed`). */
  freed = 0;

  /**
   * `pipeLinks`: the kind of direct link pipes get; `host` makes the channels of `port` links; `maxHeld`: the
   * bytes queues and pipes may hold at once (KernelOptions.maxHeldBytes).
   */
  constructor(
    private readonly pipeLinks: 'sab' | 'port' | 'off',
    private readonly host: ProcessHost,
    readonly maxHeld: number,
  ) {}

  /** Items of `bytes` come in: false (and nothing held) if that would pass the cap, unless `force`d back in. */
  hold(bytes: number, force = false): boolean {
    if (!force && this.held + bytes > this.maxHeld) return false;
    this.held += bytes;
    return true;
  }

  /** Items of `bytes` left the kernel (taken, leased, dropped). */
  unhold(bytes: number): void {
    const gone = Math.min(this.held, bytes);
    this.held -= gone;
    this.freed += gone;
  }

  /** A new object of `kind` made by `creator`, named by its kind and number (`JoinableQueue#1`). */
  create(
    id: ObjectId,
    kind: ObjectKind,
    opts: Record<string, unknown>,
    creator: Pid,
    objectHost: ObjectHost,
  ): SyncObject {
    const n = (this.kindCounts.get(kind) ?? 0) + 1;
    this.kindCounts.set(kind, n);
    const name = `${kind === 'Connection' ? 'Pipe' : kind}#${n}`;
    const obj = createObject(id, kind, name, objectHost, opts, creator);
    obj.attach(creator, undefined);
    this.byId.set(id, obj);
    this.byName.set(name, obj);
    return obj;
  }

  get(id: ObjectId): SyncObject | undefined {
    return this.byId.get(id);
  }

  /** The object the trace and `BlockedOn.obj` call `name`. */
  named(name: string): SyncObject | undefined {
    return this.byName.get(name);
  }

  /** A process that held handles has ended: every object forgets it. */
  processGone(pid: Pid): void {
    for (const obj of this.byId.values()) obj.processGone(pid);
  }

  /** The run is over: every object reports what was left behind. */
  finish(): void {
    for (const obj of this.byId.values()) obj.finish();
  }

  nextItemId(): number {
    return ++this.itemSeq;
  }

  /** A direct link for one pipe direction: its writer's and its reader's side (see KernelOptions.pipeLinks). */
  pipeLink(): { writer: PipeLink; reader: PipeLink } | null {
    if (this.pipeLinks !== 'off') this.pipeLinksMade++;
    if (this.pipeLinks === 'sab') {
      const sab = new SharedArrayBuffer(PIPE_RING_BYTES);
      return { writer: { mode: 'sab', sab }, reader: { mode: 'sab', sab } };
    }
    if (this.pipeLinks === 'port' && this.host.channel) {
      const { port1, port2 } = this.host.channel();
      return { writer: { mode: 'port', port: port1 }, reader: { mode: 'port', port: port2 } };
    }
    return null;
  }
}
