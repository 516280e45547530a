// Virtual time for a controlled run: the clock stands still while any process can take a step, and jumps to the
// next timer when none can. Program time then advances only by sleeps and timeouts, the same in every run.
import { TimerClock } from '../timerClock';

/** Epoch ms at program time 0 in every controlled run (2024-01-01T00:00:00Z): `time.time()` is reproducible. */
export const CONTROLLED_EPOCH_MS = 1_704_067_200_000;

/** A TimerClock that starts at CONTROLLED_EPOCH_MS; the controller advances it when no process can step. */
export class VirtualClock extends TimerClock {
  constructor() {
    super(CONTROLLED_EPOCH_MS);
  }
}
