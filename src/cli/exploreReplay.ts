// `mpplay run FILE.ts --schedule S`: replays a controlled run from its schedule string, with the same output and
// exit code every time (124 for a deadlock).
import { writeFileSync } from 'node:fs';
import { CompileError } from '../compile';
import { NodeWorkers, compileProgram, runControlledOnNode } from '../hosts/node/controlled';
import type { TraceEvent } from '../protocol/trace';
import { decodeSchedule, programFingerprint } from '../share/schedule';
import { layoutTraceFile } from '../trace/layout';
import { toSvg } from '../trace/svg';
import { stopMessage } from '../kernel/sched/stopText';

export interface ReplayOptions {
  source: string;
  filename: string;
  schedule: string;
  /** --seed, if given: it must be the schedule's. */
  seed: number | null;
  onEvent: (ev: TraceEvent) => void;
  trace: string | null;
  svg: string | null;
  workerUrl: URL;
}

/** Exit code for a schedule that cannot be used (as for bad usage). */
const BAD_SCHEDULE = 2;

export async function replay(o: ReplayOptions): Promise<number> {
  const decoded = await decodeSchedule(o.schedule);
  if (!decoded.ok) {
    process.stderr.write(`mpplay: ${decoded.message}\n`);
    return BAD_SCHEDULE;
  }
  const s = decoded.schedule;
  if (s.fingerprint !== programFingerprint(o.source)) {
    process.stderr.write(
      `mpplay: this schedule was recorded for another program than ${o.filename} (or an edited copy of it): a ` +
        'schedule replays only the exact text it was made with.\n',
    );
    return BAD_SCHEDULE;
  }
  if (o.seed !== null && o.seed !== s.seed) {
    process.stderr.write(`mpplay: this schedule was recorded with --seed ${s.seed}; leave --seed out to replay it.\n`);
    return BAD_SCHEDULE;
  }
  let program;
  try {
    program = await compileProgram(o.source, o.filename);
  } catch (e) {
    if (e instanceof CompileError) {
      process.stderr.write(`${o.filename}:${e.line}:${e.column}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const workers = new NodeWorkers(o.workerUrl, 0);
  try {
    const run = runControlledOnNode({
      program,
      workers,
      plan: { kind: 'script', script: s.choices },
      seed: s.seed,
      onEvent: o.onEvent,
    });
    const onSigint = () => run.controller.stop();
    process.once('SIGINT', onSigint);
    const result = await run.done;
    process.off('SIGINT', onSigint);
    if (o.trace) writeFileSync(o.trace, JSON.stringify(run.traceFile()));
    if (o.svg) writeFileSync(o.svg, toSvg(layoutTraceFile(run.traceFile()), { title: o.filename }));
    const stopped = run.controller.stopped;
    if (stopped?.why === 'strategy') {
      process.stderr.write(`mpplay: ${stopMessage(stopped, run.controller)}\n`);
      return BAD_SCHEDULE;
    }
    return result.exitCode;
  } finally {
    workers.dispose();
  }
}
