// The module functions the Pool tests share (registered in every process, as a spawned child re-imports main).
import type { Ctx } from '../testkit/inProcess';

export const basics = ({ time, mp }: Ctx) => ({
  sqr: (x: number) => x * x,
  mul: (a: number, b: number) => a * b,
  bad: (x: number) => {
    if (x === 3) throw new RangeError(`bad ${x}`);
    return x;
  },
  slow: async (x: number) => {
    await time.sleep(x);
    return x;
  },
  whoami: () => mp.currentProcess().name,
});
