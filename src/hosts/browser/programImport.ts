// How a process worker imports a program from its Blob URL: the Blob is freed once the import has settled (the
// module stays loaded), since a worker hosts hundreds of processes in turn, each program with its own Blob.
import type { ModuleImporter } from '../../runtime';

/**
 * `importModule`, then `revoke(url)` once it settled either way. `revoke` should be taken before user code runs
 * (user code could replace `URL.revokeObjectURL`).
 */
export function importThenRevoke(importModule: ModuleImporter, revoke: (url: string) => void): ModuleImporter {
  return (url) => {
    const loading = importModule(url);
    const free = () => revoke(url);
    loading.then(free, free);
    return loading;
  };
}
