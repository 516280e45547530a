// How a process worker imports a program from its Blob URL: the Blob is freed a while after the import has settled
// (the module stays loaded), since a worker hosts hundreds of processes in turn, each program with its own Blob.
import type { ModuleImporter } from '../../runtime';

/**
 * How long after an import settles its Blob URL is revoked: off the moment the process ends (MainProcess's import
 * settles when its program ends), where WebKit's blob registry may wait for the page's main thread.
 */
export const REVOKE_AFTER_MS = 2000;

/**
 * `importModule`, then `revoke(url)` REVOKE_AFTER_MS after it settled either way (`later` schedules it). Take
 * `revoke` and `later` before user code runs (user code could replace `URL.revokeObjectURL` and `setTimeout`).
 */
export function importThenRevoke(
  importModule: ModuleImporter,
  revoke: (url: string) => void,
  later: (fn: () => void, ms: number) => unknown,
): ModuleImporter {
  return (url) => {
    const loading = importModule(url);
    const free = () => void later(() => revoke(url), REVOKE_AFTER_MS);
    loading.then(free, free);
    return loading;
  };
}
