// The three engines by name: how to launch each one (all found on this machine; nothing is downloaded).
import type { Engine, EngineName } from './driver';
import { launchChromium } from './drivers/chromium';
import { launchFirefox } from './drivers/firefox';
import { launchWebKit, type WebKitOptions } from './drivers/webkit';

export type { WebKitOptions };

/** Launches an engine; a missing one throws the message that says how to install it. */
export function launchEngine(name: EngineName, webkit: WebKitOptions = {}): Promise<Engine> {
  switch (name) {
    case 'chromium':
      return launchChromium();
    case 'firefox':
      return launchFirefox();
    case 'webkit':
      return launchWebKit(webkit);
  }
}
