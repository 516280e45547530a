// Creates the kernel object for each kind a runtime can make.
import type { ObjectId, ObjectKind, Pid } from '../../protocol/messages';
import type { ObjectHost, SyncObject } from './base';
import { SemaphoreObject } from './locks';
import { PipeObject } from './pipe';
import { PoolObject } from './pool';
import { QueueObject } from './queues';
import { BarrierObject, ConditionObject, EventObject } from './sync';

/** A new kernel-side object for a `new` message. */
export function createObject(
  id: ObjectId,
  kind: ObjectKind,
  name: string,
  k: ObjectHost,
  opts: Record<string, unknown>,
  owner: Pid,
): SyncObject {
  switch (kind) {
    case 'Queue':
    case 'SimpleQueue':
    case 'JoinableQueue':
      return new QueueObject(id, kind, name, k, opts);
    case 'Lock':
    case 'RLock':
    case 'Semaphore':
    case 'BoundedSemaphore':
      return new SemaphoreObject(id, kind, name, k, opts);
    case 'Event':
      return new EventObject(id, kind, name, k);
    case 'Condition':
      return new ConditionObject(id, kind, name, k, opts);
    case 'Barrier':
      return new BarrierObject(id, kind, name, k, opts);
    case 'Connection':
      return new PipeObject(id, kind, name, k, opts);
    case 'Pool':
      return new PoolObject(id, kind, name, k, opts, owner);
  }
}
