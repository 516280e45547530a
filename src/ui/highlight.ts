// A tiny syntax highlighter for the read-only code view (TypeScript and Python): comments, strings, numbers, keywords.

/** A run of text and its class ('' for plain text). */
export interface Token {
  text: string;
  cls: '' | 'kw' | 'str' | 'num' | 'com';
}

const TS_KEYWORDS = new Set(
  'abstract as async await break case catch class const continue default delete do else enum export extends false finally for from function if implements import in instanceof interface let new null of private protected public readonly return static super switch this throw true try type typeof undefined var void while yield'.split(
    ' ',
  ),
);
const PY_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
);

const TS_TOKEN =
  /(\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$))|("(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?|`(?:[^`\\]|\\[\s\S])*`?)|(\b\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?\b)|([A-Za-z_$][\w$]*)/g;
const PY_TOKEN =
  /(#[^\n]*)|("""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)|[rbfu]{0,2}"(?:[^"\\\n]|\\.)*"?|[rbfu]{0,2}'(?:[^'\\\n]|\\.)*'?)|(\b\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?\b)|([A-Za-z_][\w]*)/g;

/** Splits source into tokens; concatenating their text gives the source back exactly. */
export function highlight(source: string, language: 'typescript' | 'python'): Token[] {
  const re = new RegExp(language === 'python' ? PY_TOKEN : TS_TOKEN);
  const keywords = language === 'python' ? PY_KEYWORDS : TS_KEYWORDS;
  const out: Token[] = [];
  let last = 0;
  const plain = (text: string) => {
    if (!text) return;
    const prev = out[out.length - 1];
    if (prev && prev.cls === '') prev.text += text;
    else out.push({ text, cls: '' });
  };
  for (let m = re.exec(source); m; m = re.exec(source)) {
    plain(source.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[1] !== undefined) out.push({ text: m[0], cls: 'com' });
    else if (m[2] !== undefined) out.push({ text: m[0], cls: 'str' });
    else if (m[3] !== undefined) out.push({ text: m[0], cls: 'num' });
    else if (keywords.has(m[0])) out.push({ text: m[0], cls: 'kw' });
    else plain(m[0]);
  }
  plain(source.slice(last));
  return out;
}
