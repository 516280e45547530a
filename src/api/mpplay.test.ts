// The user-facing typings hold API.md's contract: every symbol of its module table exists, and every value has a doc naming its Python original.
import ts from 'typescript';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DTS = fileURLToPath(new URL('./mpplay.d.ts', import.meta.url));

/** API.md's "Modules a snippet can import" table, exactly. */
const MODULES: Record<string, string[]> = {
  multiprocessing: [
    'Process',
    'Queue',
    'SimpleQueue',
    'JoinableQueue',
    'Pipe',
    'Lock',
    'RLock',
    'Semaphore',
    'BoundedSemaphore',
    'Event',
    'Condition',
    'Barrier',
    'Value',
    'Array',
    'Pool',
    'AsyncResult',
    'currentProcess',
    'parentProcess',
    'activeChildren',
    'cpuCount',
    'TimeoutError',
    'ProcessError',
    'PicklingError',
    'BrokenBarrierError',
  ],
  time: ['sleep', 'time', 'perfCounter', 'monotonic'],
  os: ['getpid', 'getppid', 'cpuCount'],
  random: ['random', 'randint', 'uniform', 'choice', 'seed'],
  queue: ['Empty', 'Full'],
  sys: ['exit', 'argv'],
};

const GLOBALS = [
  'print',
  'range',
  'assert',
  '__name__',
  'AssertionError',
  'ValueError',
  'RuntimeError',
  'EOFError',
  'OSError',
  'NotImplementedError',
];

/** The members API.md's Process section names (camelCase). */
const PROCESS_MEMBERS = [
  'start',
  'run',
  'join',
  'isAlive',
  'exitCode',
  'pid',
  'name',
  'daemon',
  'ident',
  'terminate',
  'kill',
  'close',
];

/** A program over the typings plus one probe file, as Monaco and src/examples/programs/tsconfig.json see them. */
function service(probe: string) {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    types: [],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    moduleDetection: ts.ModuleDetectionKind.Force,
    strict: true,
    noEmit: true,
  };
  const files: Record<string, string> = { '/probe.ts': probe };
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => options,
    getScriptFileNames: () => [DTS, '/probe.ts'],
    getScriptVersion: () => '1',
    getScriptSnapshot: (f) => {
      const text = files[f] ?? ts.sys.readFile(f);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => '/',
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (f) => f in files || ts.sys.fileExists(f),
    readFile: (f) => files[f] ?? ts.sys.readFile(f),
  };
  return ts.createLanguageService(host, ts.createDocumentRegistry());
}

/** The `@py` tag and the doc text of a symbol, or what is missing. */
function docProblems(symbol: ts.Symbol, checker: ts.TypeChecker, what: string): string[] {
  const doc = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  const py = symbol.getJsDocTags(checker).filter((t) => t.name === 'py');
  const problems: string[] = [];
  if (doc.length < 10) problems.push(`${what}: no doc`);
  if (!py.length || !ts.displayPartsToString(py[0]!.text).trim()) problems.push(`${what}: no @py tag`);
  return problems;
}

describe('src/api/mpplay.d.ts', () => {
  const probe = [
    `import * as mp from "multiprocessing";`,
    ...Object.keys(MODULES)
      .filter((m) => m !== 'multiprocessing')
      .map((m) => `import * as ${m}_ from "${m}";`),
    `void [mp, time_, os_, random_, queue_, sys_];`,
    `void [${GLOBALS.join(', ')}];`,
  ].join('\n');
  const ls = service(probe);
  const program = ls.getProgram()!;
  const checker = program.getTypeChecker();

  it('typechecks on its own with lib ES2022 and no other types', () => {
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  });

  it("exports exactly API.md's module table", () => {
    for (const [name, symbols] of Object.entries(MODULES)) {
      const module = checker.getAmbientModules().find((m) => m.getName() === `"${name}"`);
      expect(module, `declare module "${name}"`).toBeDefined();
      const values = checker
        .getExportsOfModule(module!)
        .filter((s) => s.flags & ts.SymbolFlags.Value)
        .map((s) => s.getName());
      // Value exports beyond the table would be promises the runtime does not keep.
      expect(values.sort(), name).toEqual([...symbols].sort());
    }
  });

  it('gives every exported value, every member and every global a doc with its Python original (@py)', () => {
    const problems: string[] = [];
    for (const name of Object.keys(MODULES)) {
      const module = checker.getAmbientModules().find((m) => m.getName() === `"${name}"`)!;
      problems.push(...docProblems(module, checker, name));
      for (const sym of checker.getExportsOfModule(module)) {
        const what = `${name}.${sym.getName()}`;
        if (sym.flags & ts.SymbolFlags.Value) {
          problems.push(...docProblems(sym, checker, what));
          // Constructors and call signatures (`new Queue()`, `Value("i", 0)`) show their own doc on hover.
          const type = checker.getTypeOfSymbol(sym);
          for (const sig of [...type.getConstructSignatures(), ...type.getCallSignatures()]) {
            const decl = sig.getDeclaration() as ts.SignatureDeclaration | undefined;
            if (!decl || decl.getSourceFile().fileName !== DTS) continue; // Error's own
            if (ts.getCombinedModifierFlags(decl as ts.Declaration) & ts.ModifierFlags.Private) continue;
            if (ts.displayPartsToString(sig.getDocumentationComment(checker)).trim().length < 10) {
              problems.push(`${what}: a signature has no doc`);
            }
          }
        }
        // Members of classes and of the interfaces that describe objects (not the option bags, which have no
        // Python original of their own).
        if (!(sym.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface)) || sym.getName().endsWith('Options')) {
          continue;
        }
        for (const member of checker.getDeclaredTypeOfSymbol(sym).getProperties()) {
          if (member.getName().startsWith('__@')) continue; // [Symbol.iterator], [Symbol.asyncDispose]
          if (!member.declarations?.some((d) => d.getSourceFile().fileName === DTS)) continue; // Error's own
          problems.push(...docProblems(member, checker, `${what}.${member.getName()}`));
        }
      }
    }
    const source = program.getSourceFile('/probe.ts')!;
    const globals = source.statements.at(-1)!;
    globals.forEachChild(function visit(node: ts.Node): void {
      if (ts.isIdentifier(node)) problems.push(...docProblems(checker.getSymbolAtLocation(node)!, checker, node.text));
      node.forEachChild(visit);
    });
    expect(problems).toEqual([]);
  });

  it("declares every Process member of API.md's Process section, with the contract's types", () => {
    const src = [
      `import { Process } from "multiprocessing";`,
      `class P extends Process { constructor(public x: string) { super(); } override async run() {} }`,
      `const p: Process = new Process({ target: (a: number) => a, args: [1], kwargs: { k: 1 }, name: "w", daemon: true });`,
      `const j: Promise<void> = p.join(); p.join(1.5); p.join(null);`,
      `const c: number | null = p.exitCode; const i: number | null = p.pid;`,
      `const a: boolean = p.isAlive(); p.name = "x"; p.daemon = false;`,
      `p.start(); p.terminate(); p.kill(); p.close(); void [j, c, i, a, P, p.ident];`,
      `// @ts-expect-error exitCode is read-only`,
      `p.exitCode = 0;`,
      `// @ts-expect-error pid is read-only`,
      `p.pid = 3;`,
    ].join('\n');
    const probeLs = service(src);
    const members = checker
      .getDeclaredTypeOfSymbol(
        checker
          .getExportsOfModule(checker.getAmbientModules().find((m) => m.getName() === '"multiprocessing"')!)
          .find((s) => s.getName() === 'Process')!,
      )
      .getProperties()
      .map((s) => s.getName());
    expect(members.sort()).toEqual([...PROCESS_MEMBERS].sort());
    const diagnostics = probeLs
      .getProgram()!
      .getSemanticDiagnostics(probeLs.getProgram()!.getSourceFile('/probe.ts'))
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  });

  it('hover (quick info) on a call shows its doc and the Python original, as Monaco does', () => {
    const src = `import { Process } from "multiprocessing";\nconst p = new Process();\nawait p.join();\n`;
    const hover = service(src).getQuickInfoAtPosition('/probe.ts', src.indexOf('join'));
    expect(ts.displayPartsToString(hover?.documentation)).toMatch(/Waits until the process ends/);
    expect(hover?.tags?.map((t) => `@${t.name} ${ts.displayPartsToString(t.text)}`)).toContain(
      '@py multiprocessing.Process.join',
    );
  });
});
