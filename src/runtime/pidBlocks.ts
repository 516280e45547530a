// The pids a process may give the children it starts: blocks reserved by the kernel, refilled before they run out.
import type { Pid } from '../protocol/messages';
import { RuntimeError } from './errors';

/** Asks for more pids when fewer than this many are left. */
const PIDS_LOW = 8;

/** This process's reserved pid blocks (`[first, end)`), so `start()` can set `pid` synchronously. */
export class PidBlocks {
  private blocks: [number, number][] = [];
  private asked = false;

  /** `askMore`: tells the kernel the pids run low (a `pidsLow` message); it answers with `add`. */
  constructor(private readonly askMore: () => void) {}

  /** The process starts with this block (from its init). */
  reset(block: [number, number]): void {
    this.blocks = [block];
  }

  /** The kernel gave another block. */
  add(block: [number, number]): void {
    this.blocks.push(block);
    this.asked = false;
  }

  /** The next pid; asks for more once few are left. */
  take(): Pid {
    let block = this.blocks[0];
    while (block && block[0] >= block[1]) {
      this.blocks.shift();
      block = this.blocks[0];
    }
    if (!block) {
      throw new RuntimeError(
        'too many processes started without awaiting anything in between; add `await time.sleep(0)` inside the loop',
      );
    }
    const pid = block[0]++;
    const left = this.blocks.reduce((n, [a, b]) => n + (b - a), 0);
    if (left < PIDS_LOW && !this.asked) {
      this.asked = true;
      this.askMore();
    }
    return pid;
  }
}
