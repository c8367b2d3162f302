import type { SessionInfo } from '$shared/api';
import type { ApiClient, LoginParams } from '../api/client';

/** What the hub says about a browser that holds no session while authentication is on. */
const loggedOut: SessionInfo = { auth: true, user: null, expiresAt: null };

/**
 * Who is using the UI: the hub's answer to GET /api/v1/session, kept up to date by logging
 * in and out here and by `lost()` when the API refuses the session cookie.
 */
export class Session {
  #info = $state.raw<SessionInfo | undefined>(undefined);
  #ready = $state(false);
  readonly #api: Pick<ApiClient, 'session' | 'login' | 'logout'>;

  constructor(api: Pick<ApiClient, 'session' | 'login' | 'logout'>) {
    this.#api = api;
  }

  /** undefined until `load()` answered, or when the hub could not say */
  get info(): SessionInfo | undefined {
    return this.#info;
  }

  /** `load()` has finished, whatever its outcome */
  get ready(): boolean {
    return this.#ready;
  }

  get user(): SessionInfo['user'] {
    return this.#info?.user ?? null;
  }

  /** authentication is on and nobody is logged in: every page but the login page would get 401s */
  get needsLogin(): boolean {
    return this.#info?.auth === true && this.#info.user === null;
  }

  /**
   * Asks the hub once, at start. A failure leaves the session unknown rather than stopping the
   * app: the pages then show their own errors, and a 401 among them still leads to the login.
   */
  async load(): Promise<void> {
    try {
      this.#info = await this.#api.session();
    } catch {
      this.#info = undefined;
    } finally {
      this.#ready = true;
    }
  }

  /** Throws the hub's refusal (401 "wrong user name or password") for the login page to show. */
  async login(params: LoginParams): Promise<void> {
    this.#info = await this.#api.login(params);
  }

  async logout(): Promise<void> {
    await this.#api.logout();
    this.#info = loggedOut;
  }

  /** The API answered 401: the session expired, was ended elsewhere, or never existed. */
  lost(): void {
    this.#info = loggedOut;
  }
}
