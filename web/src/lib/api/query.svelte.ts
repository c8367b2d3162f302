/**
 * One API call bound to reactive inputs. `load` runs inside an effect: every reactive value it
 * reads before its first `await` (URL filters, the time range) is a dependency, so a changed
 * filter or a refresh fetches again and aborts the call in flight. Must be created while a
 * component initialises.
 * @example const services = new Query((signal) => api.services(range.params, signal));
 */
export class Query<T> {
  #data = $state.raw<T | undefined>(undefined);
  #error = $state.raw<Error | undefined>(undefined);
  #loading = $state(true);

  constructor(load: (signal: AbortSignal) => Promise<T>) {
    $effect(() => {
      const controller = new AbortController();
      this.#loading = true;
      let pending: Promise<T>;
      try {
        pending = load(controller.signal);
      } catch (err) {
        pending = Promise.reject(err);
      }
      pending.then(
        (data) => {
          if (controller.signal.aborted) return;
          this.#data = data;
          this.#error = undefined;
          this.#loading = false;
        },
        (err: unknown) => {
          if (controller.signal.aborted) return;
          this.#data = undefined;
          this.#error = err instanceof Error ? err : new Error(String(err));
          this.#loading = false;
        },
      );
      return () => controller.abort();
    });
  }

  /** the last successful answer; kept while a newer one loads */
  get data(): T | undefined {
    return this.#data;
  }

  get error(): Error | undefined {
    return this.#error;
  }

  get loading(): boolean {
    return this.#loading;
  }
}
