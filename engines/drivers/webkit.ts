// WebKit (what Safari readers get) through selenium-webdriver on WebKitGTK's WebKitWebDriver and MiniBrowser, under Xvfb.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Builder, By, Key, until, type WebDriver } from 'selenium-webdriver';
import { DESKTOP, waitFor, type Driver, type Engine } from '../driver';
import { firstExisting, installHint, miniBrowserCandidates } from '../install';
import { BrowserLog, WEBKIT_CRASHED } from './browserLog';
import { startXvfb } from './xvfb';

export interface WebKitOptions {
  /**
   * Turns JavaScriptCore's SharedArrayBuffer on (`JSC_useSharedArrayBuffer=1`), as Safari has it on
   * cross-origin-isolated pages; WebKitGTK ships with it off. Default true.
   */
  sharedArrayBuffer?: boolean;
}

/** A free TCP port on 127.0.0.1 for WebKitWebDriver. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** One WebKitWebDriver process: it serves a single session at a time, so every page gets its own. */
async function startWebDriver(
  bin: string,
  env: NodeJS.ProcessEnv,
  onCrash: () => void,
): Promise<{ url: string; stop(): void; log(): string; crashed(): boolean }> {
  const port = await freePort();
  // MiniBrowser, started by the driver, prints to the driver's stderr: its `WebProcess CRASHED` is seen here.
  const server = spawn(bin, [`--port=${port}`, '--host=127.0.0.1'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const log = new BrowserLog(WEBKIT_CRASHED);
  server.stderr.setEncoding('utf8').on('data', (d: string) => {
    for (let i = log.add(d); i > 0; i--) onCrash();
  });
  const stop = () => {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
  };
  process.once('exit', stop);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => server.exitCode === null && (await fetch(`${url}/status`)).ok,
      () => `WebKitWebDriver on port ${port} did not answer${log.last ? `: ${log.last.trim()}` : ''}`,
      20_000,
    );
  } catch (e) {
    stop();
    throw e;
  }
  return { url, stop, log: () => log.last, crashed: () => log.crashes > 0 };
}

export async function launchWebKit(opts: WebKitOptions = {}): Promise<Engine> {
  const given = process.env['WEBKIT_WEBDRIVER'];
  const driverBin = firstExisting([given ?? '/usr/bin/WebKitWebDriver']);
  if (!driverBin) throw new Error(installHint('WebKitWebDriver', given ?? '/usr/bin/WebKitWebDriver'));
  const candidates = miniBrowserCandidates();
  const miniBrowser = firstExisting(candidates);
  if (!miniBrowser) throw new Error(installHint('MiniBrowser', candidates.join(', ') || '/usr/lib/*/webkit2gtk-4.1'));
  const display = await startXvfb();
  const env: NodeJS.ProcessEnv = { ...process.env, DISPLAY: display.name };
  delete env['JSC_useSharedArrayBuffer'];
  if (opts.sharedArrayBuffer !== false) env['JSC_useSharedArrayBuffer'] = '1';
  const capabilities = {
    browserName: 'MiniBrowser',
    // Full screen: no toolbar, so the window's size is the viewport's and any size can be set (a phone's too).
    'webkitgtk:browserOptions': { binary: miniBrowser, args: ['--automation', '--full-screen'] },
  };
  const pages = new Set<Driver>();
  let version = 'webkit';
  let crashes = 0;
  return {
    name: 'webkit',
    get version() {
      return version;
    },
    async newPage() {
      // Each page is a session of its own (a new MiniBrowser, with its own ephemeral storage): a fresh reader.
      const server = await startWebDriver(driverBin, env, () => crashes++);
      let session: WebDriver;
      try {
        session = await new Builder().usingServer(server.url).withCapabilities(capabilities).build();
      } catch (e) {
        server.stop();
        throw e;
      }
      const caps = await session.getCapabilities();
      version = `webkitgtk/${String(caps.get('browserVersion'))} (MiniBrowser, SharedArrayBuffer ${
        opts.sharedArrayBuffer === false ? 'off' : 'on'
      })`;
      await session.manage().setTimeouts({ script: 120_000, pageLoad: 60_000 });
      const d = sessionDriver(
        session,
        async () => {
          pages.delete(d);
          await session.quit().catch(() => {});
          server.stop();
        },
        server,
      );
      pages.add(d);
      await d.viewport(DESKTOP.width, DESKTOP.height);
      return d;
    },
    crashes: () => crashes,
    async close() {
      for (const p of [...pages]) await p.close();
      display.close(); // takes along any MiniBrowser a crashed session left behind
    },
  };
}

const KEYS: Record<string, string> = {
  Enter: Key.ENTER,
  Escape: Key.ESCAPE,
  Tab: Key.TAB,
  End: Key.END,
  Home: Key.HOME,
  Backspace: Key.BACK_SPACE,
  Delete: Key.DELETE,
  ArrowLeft: Key.ARROW_LEFT,
  ArrowRight: Key.ARROW_RIGHT,
  ArrowUp: Key.ARROW_UP,
  ArrowDown: Key.ARROW_DOWN,
  PageDown: Key.PAGE_DOWN,
  PageUp: Key.PAGE_UP,
  Control: Key.CONTROL,
  Shift: Key.SHIFT,
  Alt: Key.ALT,
  Meta: Key.META,
};

function key(name: string): string {
  if (name.length === 1) return name;
  const k = KEYS[name];
  if (!k) throw new Error(`the WebKit driver does not know the key ${name}`);
  return k;
}

function sessionDriver(
  s: WebDriver,
  close: () => Promise<void>,
  server: { log(): string; crashed(): boolean },
): Driver {
  const find = async (selector: string) => s.wait(until.elementLocated(By.css(selector)), 30_000, `no ${selector}`);
  const driver: Driver = {
    engine: 'webkit',
    browserLog: server.log,
    crashed: server.crashed,
    goto: async (url) => {
      await s.get(url);
    },
    // W3C WebDriver awaits a promise the script returns.
    evaluate: (fn, arg) => s.executeScript(`return (${fn.toString()})(arguments[0]);`, arg ?? null) as never,
    click: async (selector) => {
      const el = await find(selector);
      await s.wait(until.elementIsVisible(el), 30_000, `${selector} is not visible`);
      await el.click();
    },
    type: async (text) => {
      await s.actions().sendKeys(text).perform();
    },
    press: async (keys) => {
      const parts = keys.split('+').map(key);
      const last = parts.pop()!;
      let a = s.actions();
      for (const m of parts) a = a.keyDown(m);
      a = a.sendKeys(last);
      for (const m of parts.reverse()) a = a.keyUp(m);
      await a.perform();
    },
    select: async (selector, value) => {
      const el = await find(selector);
      const option = await el.findElement(By.css(`option[value="${value.replace(/["\\]/g, '\\$&')}"]`));
      await option.click();
      const now = await el.getAttribute('value');
      if (now !== value) throw new Error(`${selector} shows ${now} after picking ${value}`);
    },
    viewport: async (width, height) => {
      // Full screen has no window decorations, but check: correct once by what the page reports.
      await s.manage().window().setRect({ width, height });
      const [w, h] = (await s.executeScript('return [innerWidth, innerHeight];')) as [number, number];
      if (w !== width || h !== height) {
        await s
          .manage()
          .window()
          .setRect({ width: width + (width - w), height: height + (height - h) });
      }
    },
    screenshot: async () => Buffer.from(await s.takeScreenshot(), 'base64'),
    close,
  };
  return driver;
}
