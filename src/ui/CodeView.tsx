// A read-only view of code, highlighted, with line numbers: the first paint before Monaco loads, phones, read-only embeds.
import { useEffect, useMemo } from 'react';
import { highlight } from './highlight';
import './codeView.css';

export interface CodeViewProps {
  code: string;
  language: 'typescript' | 'python';
  /** The accessible name of the view (it is a focusable, scrollable region). */
  label: string;
  testId?: string;
}

/** Static, selectable code; no editor, no worker. */
export function CodeView({ code, language, label, testId }: CodeViewProps) {
  useEffect(() => {
    // When the program first showed (bench/firstPaint.mjs reads it): an effect runs once the view is committed.
    if (!performance.getEntriesByName('mpplay:code-shown').length) performance.mark('mpplay:code-shown');
  }, []);
  const tokens = useMemo(() => highlight(code, language), [code, language]);
  const lines = useMemo(() => {
    const n = code.split('\n').length;
    return Array.from({ length: n }, (_, i) => i + 1).join('\n');
  }, [code]);
  return (
    <div className="code-view" role="region" aria-label={label} tabIndex={0} data-testid={testId}>
      <pre className="gutter" aria-hidden="true">
        {lines}
      </pre>
      <pre className="source">
        <code>
          {tokens.map((t, i) =>
            t.cls ? (
              <span key={i} className={`tok-${t.cls}`}>
                {t.text}
              </span>
            ) : (
              t.text
            ),
          )}
        </code>
      </pre>
    </div>
  );
}
