// A virtual X display of our own for WebKitGTK's MiniBrowser: `Xvfb -displayfd`, so it never takes another's display.
import { spawn, type ChildProcess } from 'node:child_process';
import { firstExisting, installHint } from '../install';

export interface Display {
  /** `:N`, for `DISPLAY`. */
  name: string;
  close(): void;
}

/** Starts Xvfb on the first free display number and resolves once it is accepting clients. */
export async function startXvfb(width = 1600, height = 1200): Promise<Display> {
  const given = process.env['XVFB_PATH'];
  const bin = firstExisting(given ? [given] : ['/usr/bin/Xvfb']);
  if (!bin) throw new Error(installHint('Xvfb', given ?? '/usr/bin/Xvfb'));
  // fd 3: Xvfb writes the display number it took there once it is ready (-displayfd).
  const child: ChildProcess = spawn(
    bin,
    ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp'],
    {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const name = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start within 20 s: ${stderr.trim()}`)), 20_000);
    const fd3 = child.stdio[3] as NodeJS.ReadableStream;
    fd3.setEncoding('utf8');
    fd3.on('data', (d: string) => {
      out += d;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(`:${out.trim()}`);
      }
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb could not start: ${e.message}`));
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited with code ${code} before it was ready: ${stderr.trim()}`));
    });
  });
  const close = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.once('exit', close);
  return { name, close };
}
