// The gallery as the page sees it: the examples helper's catalog (src/examples/catalog.ts), read through one seam.
import { examples, type Example } from '../examples/catalog';

export type { Example };

/** Every example, in menu order. */
export const EXAMPLES: readonly Example[] = examples;

/** The example the page opens with when nothing was saved. */
export const DEFAULT_EXAMPLE_ID: string | null = EXAMPLES.some((e) => e.id === 'start-function')
  ? 'start-function'
  : (EXAMPLES[0]?.id ?? null);

export function findExample(id: string | null): Example | undefined {
  return id === null ? undefined : EXAMPLES.find((e) => e.id === id);
}
