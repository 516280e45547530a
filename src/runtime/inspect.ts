// Formats values the way console.log does (`true`, `null`, `[ 1, 2 ]`, `{ a: 'x' }`), for print() in any host.

/** Objects with this method print as its result, like Python's `__repr__` (Process, Queue, …). */
export const REPR = Symbol.for('mpplay.repr');

/** Formats one value as a top-level `console.log` argument: strings raw, everything else inspected. */
export function formatArg(v: unknown): string {
  return typeof v === 'string' ? v : inspect(v);
}

/** Formats a value as Node's util.inspect would, on one line, to a depth of 2. */
export function inspect(v: unknown, depth = 0, seen: Set<object> = new Set()): string {
  switch (typeof v) {
    case 'string':
      return depth === 0 ? v : quote(v);
    case 'number':
      return Object.is(v, -0) ? '-0' : String(v);
    case 'bigint':
      return `${v}n`;
    case 'boolean':
      return String(v);
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return v.toString();
    case 'function': {
      const isClass = /^class[\s{]/.test(Function.prototype.toString.call(v));
      const name = (v as { name?: string }).name;
      if (isClass) return `[class ${name || '(anonymous)'}]`;
      return name ? `[Function: ${name}]` : '[Function (anonymous)]';
    }
  }
  if (v === null) return 'null';
  const o = v as Record<PropertyKey, unknown>;
  const repr = o[REPR];
  if (typeof repr === 'function') return String((repr as () => string).call(o));
  if (seen.has(o)) return '[Circular *1]';
  if (v instanceof Error) return v.stack ?? `${v.name}: ${v.message}`;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  if (v instanceof RegExp) return String(v);
  if (depth > 2) return Array.isArray(v) ? '[Array]' : '[Object]';
  seen.add(o);
  try {
    if (Array.isArray(v)) {
      const items = v.map((x) => inspect(x, depth + 1, seen));
      return items.length ? `[ ${items.join(', ')} ]` : '[]';
    }
    if (v instanceof Map) {
      const items = [...v].map(([k, x]) => `${inspect(k, depth + 1, seen)} => ${inspect(x, depth + 1, seen)}`);
      return `Map(${v.size}) ${items.length ? `{ ${items.join(', ')} }` : '{}'}`;
    }
    if (v instanceof Set) {
      const items = [...v].map((x) => inspect(x, depth + 1, seen));
      return `Set(${v.size}) ${items.length ? `{ ${items.join(', ')} }` : '{}'}`;
    }
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const arr = Array.from(v as unknown as ArrayLike<number>);
      return `${v.constructor.name}(${arr.length}) [ ${arr.join(', ')} ]`;
    }
    const proto = Object.getPrototypeOf(o) as { constructor?: { name?: string } } | null;
    const ctor = proto === null ? '[Object: null prototype]' : proto.constructor?.name;
    const keys = Object.keys(o);
    const body = keys.map((k) => `${key(k)}: ${inspect(o[k], depth + 1, seen)}`);
    const prefix = ctor && ctor !== 'Object' ? `${ctor} ` : '';
    return body.length ? `${prefix}{ ${body.join(', ')} }` : `${prefix}{}`;
  } finally {
    seen.delete(o);
  }
}

function quote(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  return q + s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').split(q).join(`\\${q}`) + q;
}

function key(k: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k);
}
