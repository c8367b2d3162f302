import { watch, type FSWatcher } from 'node:fs';

/**
 * Calls `onChange` once a burst of changes under `dir` (recursive: editors write temp files
 * and rename; `git pull` touches many files) has been quiet for `debounceMs`.
 * @returns close, safe twice; null when the directory cannot be watched (missing)
 */
export function watchDirectory(dir: string, debounceMs: number, onChange: () => void, onError: (e: unknown) => void): (() => void) | null {
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher;
  try {
    watcher = watch(dir, { recursive: true, persistent: false }, () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(onChange, debounceMs);
      timer.unref();
    });
  } catch (e) {
    onError(e);
    return null;
  }
  watcher.on('error', onError);
  return () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    watcher.close();
  };
}
