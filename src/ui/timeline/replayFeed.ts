// The chart's layout at a replay's moment: the run's events fed forward while the replay plays, again from the
// start when it is scrubbed back.
import type { TraceEvent } from '../../protocol/trace';
import { TimelineBuilder } from '../../trace/layout';
import type { Layout } from '../../trace/model';

/** Builds the layout as it stood at a moment of a finished run; cheap to move forward, rebuilt to move back. */
export class ReplayFeed {
  private builder: TimelineBuilder | null = null;
  private fed = 0;
  private shown = 0;

  /** The layout at `at` (program ms): only the events up to it are known. */
  layoutAt(events: readonly TraceEvent[], at: number): Layout {
    if (!this.builder || at < this.shown) {
      this.builder = new TimelineBuilder();
      this.fed = 0;
    }
    let k = this.fed;
    while (k < events.length && (events[k] as TraceEvent).at <= at) k++;
    if (k > this.fed) this.builder.add(events.slice(this.fed, k));
    this.fed = k;
    this.shown = at;
    return this.builder.layout(at);
  }

  /** Forgets the replay (it ended, or a new run began). */
  reset(): void {
    this.builder = null;
    this.fed = 0;
    this.shown = 0;
  }
}
