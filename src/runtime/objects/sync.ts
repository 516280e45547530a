// Event and Barrier as a process sees them; their synchronous getters read state the kernel pushes.
import { BrokenBarrierError, ValueError, checkTimeout } from '../errors';
import type { ProcessRuntime } from '../runtime';
import { HANDLE, type HandleRef } from '../serialize';

export function makeSync(rt: ProcessRuntime) {
  const ids = new WeakMap<object, string>();
  const local = new Map<string, Record<string, unknown>>();
  const stateOf = (id: string) => ({ ...rt.objectState.get(id), ...local.get(id) });

  /** @py multiprocessing.Event */
  class Event {
    constructor() {
      ids.set(this, rt.newObject('Event', {}, this));
    }
    /** @py multiprocessing.Event.is_set */
    isSet(): boolean {
      return stateOf(ids.get(this)!).isSet === true;
    }
    /** @py multiprocessing.Event.set */
    set(): void {
      const id = ids.get(this)!;
      rt.objectState.set(id, { ...rt.objectState.get(id), isSet: true });
      rt.send({ t: 'op', id, method: 'set', args: [] });
    }
    /** @py multiprocessing.Event.clear */
    clear(): void {
      const id = ids.get(this)!;
      rt.objectState.set(id, { ...rt.objectState.get(id), isSet: false });
      rt.send({ t: 'op', id, method: 'clear', args: [] });
    }
    /** @py multiprocessing.Event.wait — true once set, false after the timeout. */
    async wait(timeout: number | null = null): Promise<boolean> {
      return (await rt.call({ op: 'obj', id: ids.get(this)!, method: 'wait', args: [], timeout })) as boolean;
    }
    [HANDLE](): HandleRef {
      return { kind: 'Event', id: ids.get(this)! };
    }
    toString(): string {
      return `<Event ${rt.objectName(ids.get(this)!, 'Event')} ${this.isSet() ? 'set' : 'unset'}>`;
    }
  }

  /** @py multiprocessing.Barrier */
  class Barrier {
    constructor(parties: number, action: (() => unknown) | null = null, timeout: number | null = null) {
      if (!Number.isInteger(parties) || parties < 1) throw new ValueError('parties must be >= 1');
      checkTimeout(timeout);
      const actionName = action === null ? null : rt.nameOfOrThrow(action as (...a: unknown[]) => unknown);
      const id = rt.newObject('Barrier', { parties, action: actionName, timeout }, this);
      ids.set(this, id);
      local.set(id, { parties, nWaiting: 0, broken: false });
    }
    /** @py multiprocessing.Barrier.wait — resolves with this party's index (0 … parties-1). */
    async wait(timeout: number | null = null): Promise<number> {
      const id = ids.get(this)!;
      const r = (await rt.call({ op: 'obj', id, method: 'wait', args: [], timeout })) as {
        index: number;
        runAction?: string;
      };
      if (r.runAction) {
        try {
          await (rt.lookup(r.runAction) as () => unknown)();
        } catch (e) {
          rt.send({ t: 'op', id, method: 'actionFailed', args: [] });
          throw e;
        }
        rt.send({ t: 'op', id, method: 'actionDone', args: [] });
      }
      return r.index;
    }
    /** @py multiprocessing.Barrier.abort */
    abort(): void {
      rt.send({ t: 'op', id: ids.get(this)!, method: 'abort', args: [] });
    }
    /** @py multiprocessing.Barrier.reset */
    reset(): void {
      rt.send({ t: 'op', id: ids.get(this)!, method: 'reset', args: [] });
    }
    /** @py multiprocessing.Barrier.parties */
    get parties(): number {
      return Number(stateOf(ids.get(this)!).parties);
    }
    /** @py multiprocessing.Barrier.n_waiting */
    get nWaiting(): number {
      return Number(rt.objectState.get(ids.get(this)!)?.nWaiting ?? 0);
    }
    /** @py multiprocessing.Barrier.broken */
    get broken(): boolean {
      return rt.objectState.get(ids.get(this)!)?.broken === true;
    }
    [HANDLE](): HandleRef {
      return { kind: 'Barrier', id: ids.get(this)! };
    }
    toString(): string {
      return `<Barrier ${rt.objectName(ids.get(this)!, 'Barrier')}: waiters=${this.nWaiting}/${this.parties}>`;
    }
  }

  const rebuild = (Cls: { prototype: object }) => (ref: HandleRef) => {
    const h = Object.create(Cls.prototype) as object;
    ids.set(h, ref.id);
    return h;
  };
  rt.handleFactories.set('Event', rebuild(Event));
  rt.handleFactories.set('Barrier', rebuild(Barrier));

  return { Event, Barrier, BrokenBarrierError };
}
