// The compile layer's entry: TypeScript snippet → Program that every process evaluates.
export { compile, CompileError } from './compile';
