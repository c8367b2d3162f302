import { matchRoute, type Route } from './routes';

type QueryPatch = Record<string, string | number | undefined | null>;

export interface NavigateOptions {
  /** replace the history entry instead of adding one (filter edits that should not pile up) */
  replace?: boolean;
}

/**
 * The URL as reactive state: pathname → route, query → filters. Plain `<a href="/...">` links
 * work because `start()` intercepts same-origin clicks and turns them into `pushState`.
 */
export class Router {
  #url = $state.raw<URL>();
  #route = $derived(matchRoute(this.url.pathname));

  constructor(href: string) {
    this.#url = new URL(href);
  }

  get url(): URL {
    return this.#url!;
  }

  get route(): Route {
    return this.#route;
  }

  /** a query parameter, or `fallback` when absent or empty */
  param(name: string, fallback = ''): string {
    return this.url.searchParams.get(name) || fallback;
  }

  /**
   * Builds a same-origin href; empty values are left out.
   * @example router.href('/traces', { service: 'checkout', status: 'error' })
   */
  href(path: string, query: QueryPatch = {}): string {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
    }
    const text = search.toString();
    return text ? `${path}?${text}` : path;
  }

  navigate(href: string, options: NavigateOptions = {}): void {
    const next = new URL(href, this.url);
    if (next.href === this.url.href) return;
    const samePage = next.pathname === this.url.pathname;
    if (options.replace) history.replaceState(null, '', next.href);
    else history.pushState(null, '', next.href);
    this.#url = next;
    if (!samePage) window.scrollTo(0, 0);
  }

  /** merges `patch` into the current query; `undefined`/empty removes a key */
  setQuery(patch: QueryPatch, options: NavigateOptions = {}): void {
    const next = new URL(this.url);
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined || value === null || value === '') next.searchParams.delete(key);
      else next.searchParams.set(key, String(value));
    }
    this.navigate(next.href, options);
  }

  /** Follows back/forward and same-origin link clicks; returns the cleanup. */
  start(): () => void {
    const onPopState = () => {
      this.#url = new URL(location.href);
    };
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = (event.target as Element | null)?.closest?.('a[href]');
      if (!(anchor instanceof HTMLAnchorElement)) return;
      if (anchor.target && anchor.target !== '_self') return;
      if (anchor.hasAttribute('download') || anchor.dataset.reload !== undefined) return;
      const next = new URL(anchor.href);
      if (next.origin !== location.origin || next.pathname.startsWith('/api/')) return;
      event.preventDefault();
      this.navigate(next.href);
    };
    window.addEventListener('popstate', onPopState);
    document.addEventListener('click', onClick);
    return () => {
      window.removeEventListener('popstate', onPopState);
      document.removeEventListener('click', onClick);
    };
  }
}
