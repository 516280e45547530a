// The gallery as the page sees it: the examples helper's catalog (src/examples/catalog.ts), read through one seam.
// INTERIM (until the catalog lands): a glob import, so the page builds without it.
const found = import.meta.glob<{ examples: Example[] }>('../examples/catalog.ts', { eager: true });
const catalog = Object.values(found)[0] ?? { examples: [] };

/** One gallery example (the shape of `src/examples/catalog.ts`). */
export interface Example {
  id: string;
  section: string;
  title: { zh: string; en: string };
  lesson: { zh: string; en: string };
  /** The TypeScript port. */
  source: string;
  /** The seed's Python original. */
  python: string;
}

/** Every example, in menu order. */
export const EXAMPLES: readonly Example[] = catalog.examples;

/** The example the page opens with when nothing was saved. */
export const DEFAULT_EXAMPLE_ID = EXAMPLES.some((e) => e.id === 'start-function')
  ? 'start-function'
  : (EXAMPLES[0]?.id ?? null);

export function findExample(id: string | null): Example | undefined {
  return id === null ? undefined : EXAMPLES.find((e) => e.id === id);
}
