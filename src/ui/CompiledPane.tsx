// "Show the compiled JavaScript": what every process evaluates, from the same compile a run uses (src/compile, sucrase).
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { CodeView } from './CodeView';
import { useT } from './i18n/useT';
import { appStore } from './store/store';

/** How long typing must pause before the view compiles again, ms. */
const DEBOUNCE_MS = 250;

type Compiled = { js: string } | { error: string } | null;

/** Compiles a program the way a run does; a compile error comes back as its message with line and column. */
export async function compileForView(source: string): Promise<Compiled> {
  const { compile, CompileError } = await import('../compile');
  try {
    return { js: (await compile(source, 'main.ts')).code };
  } catch (e) {
    if (e instanceof CompileError) return { error: `main.ts:${e.line}:${e.column}: ${e.message}` };
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

export function CompiledPane() {
  const t = useT();
  const code = useStore(appStore, (s) => s.code);
  const [out, setOut] = useState<Compiled>(null);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      void compileForView(code).then((r) => live && setOut(r));
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [code]);
  return (
    <div className="editor compiled" data-testid="compiled-js">
      <p className="read-only-note">{t.jsNote}</p>
      {out === null ? (
        <p className="read-only-note">{t.jsCompiling}</p>
      ) : 'error' in out ? (
        <pre className="compile-error" role="alert">
          {out.error}
        </pre>
      ) : (
        <CodeView code={out.js} language="typescript" label={t.jsLabel} testId="compiled-js-code" />
      )}
    </div>
  );
}
