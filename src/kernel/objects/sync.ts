// Event, Condition and Barrier.
import type { ObjectId, ObjectKind, Pid } from '../../protocol/messages';
import { type Answer, type Caller, type ObjectHost, type Parked, SyncObject, WaitQueue, err, ok } from './base';
import type { SemaphoreObject } from './locks';

/** @py multiprocessing.Event */
export class EventObject extends SyncObject {
  private flag = false;
  private readonly waiters = new WaitQueue<{ parked: Parked }>();

  override state(): Record<string, unknown> {
    return { isSet: this.flag };
  }

  call(method: string, args: unknown[], c: Caller): void {
    void args;
    if (method !== 'wait')
      return this.k.answer(c, err('AttributeError', `'Event' object has no attribute '${method}'`));
    if (this.flag) return this.k.answer(c, ok(true));
    const parked = this.k.park(c, 'wait', `${this.name}.wait()`, () => ok(false));
    if (parked) this.waiters.push({ parked });
  }

  override op(pid: Pid, method: string, args: unknown[]): void {
    if (method === 'set') {
      this.flag = true;
      for (let w = this.waiters.shift(); w; w = this.waiters.shift()) w.parked.settle(ok(true));
    } else if (method === 'clear') {
      this.flag = false;
    } else return super.op(pid, method, args);
    this.k.broadcast(this, this.state());
  }

  override cause(): string {
    return 'the event is not set and no process that could set() it is running';
  }
}

/** @py multiprocessing.Condition — wait() releases the lock and parks; the runtime re-acquires it. */
export class ConditionObject extends SyncObject {
  private readonly waiters = new WaitQueue<{ parked: Parked }>();
  private readonly lockId: ObjectId;

  constructor(id: ObjectId, kind: ObjectKind, name: string, k: ObjectHost, opts: Record<string, unknown>) {
    super(id, kind, name, k);
    this.lockId = String(opts.lock);
  }

  call(method: string, args: unknown[], c: Caller): void {
    void args;
    if (method !== 'wait')
      return this.k.answer(c, err('AttributeError', `'Condition' object has no attribute '${method}'`));
    const lock = this.k.object(this.lockId) as SemaphoreObject | undefined;
    const parked = this.k.park(c, 'wait', `${this.name}.wait()`, () => ok(false));
    if (parked) this.waiters.push({ parked });
    lock?.releaseAll(c.pid);
  }

  override op(pid: Pid, method: string, args: unknown[]): void {
    if (method === 'notify') {
      const n = Number(args[0] ?? 1);
      for (let i = 0; i < n; i++) {
        const w = this.waiters.shift();
        if (!w) break;
        w.parked.settle(ok(true));
      }
      return;
    }
    if (method === 'notifyAll') {
      for (let w = this.waiters.shift(); w; w = this.waiters.shift()) w.parked.settle(ok(true));
      return;
    }
    super.op(pid, method, args);
  }

  override cause(): string {
    return 'nobody is left to notify() it';
  }
}

/** @py multiprocessing.Barrier (threading.Barrier's rules) */
export class BarrierObject extends SyncObject {
  private readonly parties: number;
  private readonly defaultTimeout: number | null;
  private readonly action: string | null;
  private waiting: { parked: Parked; index: number }[] = [];
  private broken = false;
  /** Set while the last arriver runs the action; the others are released when it reports back. */
  private actionBy: Pid | null = null;

  constructor(id: ObjectId, kind: ObjectKind, name: string, k: ObjectHost, opts: Record<string, unknown>) {
    super(id, kind, name, k);
    this.parties = Number(opts.parties);
    this.defaultTimeout = typeof opts.timeout === 'number' ? opts.timeout : null;
    this.action = typeof opts.action === 'string' ? opts.action : null;
  }

  override state(): Record<string, unknown> {
    return { parties: this.parties, nWaiting: this.waiting.length, broken: this.broken };
  }

  private publish(): void {
    this.k.broadcast(this, this.state());
  }

  private breakAll(): void {
    this.broken = true;
    for (const w of this.waiting.splice(0)) w.parked.settle(err('BrokenBarrierError'));
    this.publish();
  }

  call(method: string, args: unknown[], c: Caller): void {
    void args;
    if (method !== 'wait')
      return this.k.answer(c, err('AttributeError', `'Barrier' object has no attribute '${method}'`));
    if (this.broken) return this.k.answer(c, err('BrokenBarrierError'));
    const index = this.waiting.length;
    if (index + 1 === this.parties) {
      if (this.action) {
        // The last to arrive runs the action; the others stay parked until it reports back.
        this.actionBy = c.pid;
        return this.k.answer(c, ok({ index, runAction: this.action }));
      }
      this.release();
      return this.k.answer(c, ok({ index }));
    }
    const timeoutCaller =
      c.timeout === null && this.defaultTimeout !== null ? { ...c, timeout: this.defaultTimeout } : c;
    const parked = this.k.park(timeoutCaller, 'wait', `${this.name}.wait()`, (): Answer => {
      // A timeout breaks the barrier for everyone.
      this.waiting = this.waiting.filter((w) => w.parked !== parked);
      this.breakAll();
      return err('BrokenBarrierError');
    });
    if (!parked) {
      this.breakAll();
      return;
    }
    this.waiting.push({ parked, index });
    this.publish();
  }

  private release(): void {
    for (const w of this.waiting.splice(0)) w.parked.settle(ok({ index: w.index }));
    this.actionBy = null;
    this.publish();
  }

  override op(pid: Pid, method: string, args: unknown[]): void {
    switch (method) {
      case 'actionDone':
        if (this.actionBy === pid) this.release();
        return;
      case 'actionFailed':
        this.actionBy = null;
        this.breakAll();
        return;
      case 'abort':
        this.breakAll();
        return;
      case 'reset':
        if (this.waiting.length) this.breakAll();
        this.broken = false;
        this.publish();
        return;
      default:
        super.op(pid, method, args);
    }
  }

  override processGone(pid: Pid): void {
    super.processGone(pid);
    if (this.actionBy === pid) {
      this.actionBy = null;
      this.breakAll();
    }
  }

  override cause(): string {
    const missing = this.parties - this.waiting.length;
    return `${this.waiting.length} of ${this.parties} parties are waiting; ${missing} more must call wait()`;
  }
}
