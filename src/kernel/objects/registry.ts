// Creates the kernel object for each kind a runtime can make.
import type { ObjectId, ObjectKind } from '../../protocol/messages';
import type { ObjectHost, SyncObject } from './base';
import { QueueObject } from './queues';

/** A new kernel-side object for a `new` message. */
export function createObject(
  id: ObjectId,
  kind: ObjectKind,
  name: string,
  k: ObjectHost,
  opts: Record<string, unknown>,
): SyncObject {
  switch (kind) {
    case 'Queue':
    case 'SimpleQueue':
    case 'JoinableQueue':
      return new QueueObject(id, kind, name, k, opts);
    default:
      throw new Error(`mpplay: ${kind} is not implemented in the kernel yet`);
  }
}
