// The page ⇄ kernel-worker ⇄ process-worker wiring (browser host only): one typed file, versioned like src/protocol.
import type { PackedItems } from '../../protocol/packedItems';
import type { RunResult, TraceEvent } from '../../protocol/trace';
import type { ControlledEnd, ExploreToKernel, ExploreToPage } from './exploreProtocol';
import type { AskMessage, AskRefusedMessage, ChooseMessage } from './asking';
import type { PortEnd } from './sequencedPort';

/** Bumped whenever a message below changes shape. */
export const PAGE_PROTOCOL_VERSION = 5 as const;

/**
 * A process worker the page created and lends to one run's kernel worker: `port` is the kernel's end of a
 * MessageChannel of its own, whose other end the page attached to the worker. `id` names the worker between
 * page and kernel (never a pid: the kernel decides which process a worker hosts and tells the page nothing of it).
 */
export interface Lease {
  id: number;
  /** A MessagePort from the page; the worker's own channel where the kernel worker created it (linkPort.ts). */
  port: PortEnd;
}

/** Page → kernel worker. A kernel worker serves exactly one run; the page starts a fresh one per Run. */
export type PageToKernel =
  | {
      t: 'run';
      v: typeof PAGE_PROTOCOL_VERSION;
      source: string;
      /** File name shown in tracebacks. */
      filename: string;
      /** Program seconds per wall second. */
      speed: number;
      seed: number;
      /** `lifecycle` records no per-item events (put, take, taskDone…): for measuring what they cost. */
      traceLevel?: 'full' | 'lifecycle';
      /**
       * A controlled run (docs/CONTROLLED-RUNS.md) that follows these choices (a schedule's), then lets the process
       * that ran last go on: one process at a time, program time only by sleeps; `speed` is not used.
       */
      schedule?: number[];
      /** After the schedule, the learner is the scheduler: the run asks at each choice (src/hosts/browser/asking.ts). */
      ask?: boolean;
    }
  /** The learner's answer to the run's `ask`. */
  | ChooseMessage
  /**
   * Sent at boot, before the run, where the kernel worker is to create its own process workers (nested, the
   * bridge's `nest`: see linkPort.ts): from the Blob URL `script`, `ahead` of them booted now, each given the kernel
   * worker's stop cell (set by the page just before it ends the kernel worker, and with it every nested worker).
   */
  | { t: 'nest'; script: string; ahead: number; stop: Int32Array | null }
  /** Nested: boot process workers until `n` are booted or booting in stock (the run's program starts as many). */
  | { t: 'fill'; n: number }
  /** Process workers for this run (their ports transferred with the message), lent before or after a `want`. */
  | { t: 'workers'; leases: Lease[] }
  /** A lent worker failed (its script did not load, or an error escaped its runtime): `text` says how. */
  | { t: 'died'; id: number; text: string }
  /** The page has shown the last `events` batch; the next one may come (flow control). */
  | { t: 'ack' }
  /** Ends every process; the page terminates the kernel worker and every lent worker right after sending it. */
  | { t: 'stop' }
  /** Explore (exploreProtocol.ts): a search of the program's schedules instead of a run, and its soft stop. */
  | ExploreToKernel;

/** Kernel worker → page. */
export type KernelToPage =
  /** The kernel worker's script loaded (the page boots the next run's kernel ahead and waits for this). */
  | { t: 'booted'; v: typeof PAGE_PROTOCOL_VERSION }
  /** The program compiled and MainProcess is starting. */
  | { t: 'started'; cpuCount: number }
  /** The program did not compile: nothing ran. Line and column are 1-based. */
  | { t: 'compileError'; message: string; line: number; column: number }
  /**
   * Trace events in order, batched: at most one every ~16 ms and one in flight until the page acks it.
   * In a print flood the oldest output events are dropped; `skipped` counts them (state events are never dropped).
   * Item events (put, take, taskDone) come packed in `items` (transferred buffers); `positions[i]` is how many
   * of its rows come before `events[i]` (see `mergeEvents`).
   */
  | { t: 'events'; events: TraceEvent[]; skipped: number; items?: PackedItems; positions?: number[] }
  /** The run ended; every event was sent before this. Lent workers not given back before it are ended by the page. */
  | { t: 'end'; result: RunResult; controlled?: ControlledEnd }
  /** The host itself failed (not the user's program): a bug in mpplay, shown as such. */
  | { t: 'fatal'; message: string }
  /** Lend `n` more process workers. */
  | { t: 'want'; n: number }
  /** These lent workers host nothing and are clean: the page may keep them for a later run. */
  | { t: 'giveBack'; ids: number[] }
  /** This lent worker's process is over and the worker is not to be reused: end it now. */
  | { t: 'endWorker'; id: number }
  /** Sent every HEARTBEAT_MS while the kernel worker lives: the page knows it still answers. */
  | { t: 'alive' }
  /** A search's progress (at most every 200 ms) and its end (after which the worker serves nothing more). */
  | ExploreToPage
  /** A run that asks (see `run`'s `ask`) waits for the learner; or an answer was refused (the run waits on). */
  | AskMessage
  | AskRefusedMessage;

/**
 * Page (or, nested, kernel worker) → process worker, on the worker's own global scope: the only message a process
 * worker takes from there that is not a link's (linkPort.ts).
 */
export interface AttachMessage {
  t: 'attach';
  /** The worker's end of a new channel to a kernel: it speaks over this from now on, and drops the previous one. */
  port?: MessagePort;
  /** Instead of `port`: the kernel worker that created this worker speaks over its own scope, as link `link`. */
  link?: number;
  /**
   * Where the page has shared memory: the worker's stop cell (one Int32), set by the page when it ends the worker,
   * so that a busy loop in user code parks at once (src/runtime/loopGuard.ts) instead of burning a core through the
   * browser's grace period for ended workers.
   */
  stop?: Int32Array;
}

/**
 * Process worker → page, on the worker's global scope, once, at load (before any user code): the name of the Web
 * Lock it holds until it ends. The page's request for that lock is granted when the worker is gone.
 */
export interface AliveMessage {
  t: 'aliveLock';
  lock: string;
}

/** Every alive lock's name: this prefix, then a random UUID. */
export const ALIVE_LOCK_PREFIX = 'mpplay-alive-';
export const ALIVE_LOCK_NAME = /^mpplay-alive-[0-9a-f-]{36}$/;

/** How often the kernel worker says it is alive. */
export const HEARTBEAT_MS = 1000;
