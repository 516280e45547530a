// The learner as the scheduler on the page (issue 16), the kernel worker's side: each question of the controller
// goes to the page as an `ask` message, each answer from the page is checked (a stale, malformed or hostile one is
// refused with a reason, never a crash) and passed on, and "run to the end" answers every later question alone.
import { type Choice, choiceMatters } from '../../kernel/sched/asking';
import { choicesOf, readLog } from '../../protocol/sched/decide';
import { H } from '../../protocol/sched/layout';

/** One process the learner may pick: its slot (the answer), who it is, and what it is about to do. */
export interface AskOption {
  slot: number;
  pid: number;
  name: string;
  label: string;
}

/** Kernel worker → page: the run waits at a decision for the learner's answer. */
export interface AskMessage {
  t: 'ask';
  /** Decisions taken so far: the answer must name this step. */
  step: number;
  /** Program time now (ms). */
  at: number;
  options: AskOption[];
  /** Some two of the options are dependent (their order can change what the run does). */
  matters: boolean;
  /** The choices made so far at decisions with a choice: a run with this script that asks comes back here (undo). */
  script: number[];
  /** Value/Array reads and writes are scheduling points here (the workers have shared memory to wait on). */
  shared: boolean;
}

/** Kernel worker → page: an answer was not taken; `message` says why and what to do. The run waits on. */
export interface AskRefusedMessage {
  t: 'askRefused';
  message: string;
}

/**
 * Page → kernel worker: the answer to the question at `step`: a slot among its options, `next` (the plain choice
 * here, then on alone until a choice matters) or `end` (the plain choice at every decision from here on).
 */
export interface ChooseMessage {
  t: 'choose';
  step: number;
  answer: number | 'next' | 'end';
}

/** What the session needs of the controller (the Controller class, or a test's stand-in). */
export interface Steerable {
  readonly ctl: Int32Array;
  readonly kernel: { now(): number };
  choose(answer: number | 'next' | 'end'): boolean;
}

/** One controlled run stepped through from the page. */
export class AskSession {
  private asked: { step: number; options: readonly Choice[] } | null = null;
  private ended = false;

  constructor(
    private readonly c: Steerable,
    private readonly o: {
      shared: boolean;
      post(msg: AskMessage | AskRefusedMessage): void;
      /** Called just before a question goes out (the trace batched so far goes first: the page shows this point). */
      beforeAsk?(): void;
    },
  ) {}

  /** The controller's `onAsk`. */
  onAsk(options: Choice[]): void {
    const step = this.c.ctl[H.STEPS]!;
    // The controller asks again at the same decision when a process's message wakes it meanwhile: one question.
    if (this.asked?.step === step) return;
    this.asked = { step, options };
    this.o.beforeAsk?.();
    this.o.post({
      t: 'ask',
      step,
      at: this.c.kernel.now(),
      options: options.map(({ slot, pid, name, label }) => ({ slot, pid, name, label })),
      matters: choiceMatters(options),
      script: choicesOf(readLog(this.c.ctl)),
      shared: this.o.shared,
    });
  }

  /** The run is over: later answers are refused. */
  end(): void {
    this.ended = true;
    this.asked = null;
  }

  /** A `choose` message from the page (anything at all: it is checked here). */
  answer(msg: unknown): void {
    const checked = this.check(msg);
    if ('why' in checked) {
      this.o.post({ t: 'askRefused', message: checked.why });
      return;
    }
    this.asked = null;
    const taken = this.c.choose(checked.answer);
    if (!taken) this.o.post({ t: 'askRefused', message: 'the run did not take the answer (it may have just ended).' });
  }

  /** The answer to pass on, or why the message is refused. */
  private check(msg: unknown): { answer: ChooseMessage['answer'] } | { why: string } {
    const why = (text: string) => ({ why: text });
    if (typeof msg !== 'object' || msg === null) return why('an answer must be an object {t: "choose", step, answer}.');
    const { step, answer } = msg as Partial<Record<keyof ChooseMessage, unknown>>;
    if (this.ended) return why('the run has ended: there is no question to answer. Undo, or step through again.');
    const asked = this.asked;
    if (!asked) return why('no question is waiting: the processes are still on their way to the next point.');
    if (step !== asked.step)
      return why(
        `this answer is for step ${describe(step)}, but the run waits at step ${asked.step}: answer the question shown now.`,
      );
    if (answer === 'next' || answer === 'end') return { answer };
    if (typeof answer !== 'number' || !Number.isInteger(answer))
      return why(`the answer ${describe(answer)} is not a process slot, "next" or "end".`);
    if (!asked.options.some((o) => o.slot === answer))
      return why(
        `slot ${answer} is not one of the choices at step ${asked.step} (${asked.options.map((o) => o.slot).join(', ')}).`,
      );
    return { answer };
  }
}

/** A value from a message, shown in a refusal: short, and nothing in it can run. */
function describe(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(typeof v);
  }
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}
