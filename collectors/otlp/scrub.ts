/**
 * Scrubbing before storage (issue 13): credentials and personal data are replaced in the
 * strings a request stores, and every replacement is counted per service and kind, for the
 * daily privacy report (GET /api/v1/privacy).
 *
 * Two sorts of rule. A key rule replaces the whole value of an attribute whose key names a
 * credential (`authorization`, `cookie`, `password`, `…_token`, `api_key`…) with
 * `[REDACTED]`, whatever the value is. A value rule replaces what it matches inside string
 * values and log bodies with `[REDACTED:<kind>]`: bearer and basic credentials, JWTs,
 * e-mail addresses, card numbers (13–19 digits that pass the Luhn check). Operators add key
 * and value patterns and choose the built-in rules (config.ts `scrub`).
 *
 * This runs on every attribute value: a built-in value rule runs only when a cheap test of
 * the text (an `indexOf`, or a short regex for the card digits) says it may match, so a value
 * with no '@', no long run of digits and no 'Bearer'/'Basic' costs a few comparisons
 * (bench/scrub/README.md). Operators' value patterns have no such test: they run on every
 * string value and body.
 */
import { z } from 'zod';
import type { AnyValue } from './model.js';

/** The built-in rules, each on unless `scrub.rules` leaves it out. */
export const scrubRules = ['keys', 'bearer', 'basic', 'jwt', 'email', 'card'] as const;
export type ScrubRule = (typeof scrubRules)[number];

/** What a key rule writes in place of the whole value. */
export const REDACTED = '[REDACTED]';

/**
 * The attribute keys whose values are credentials, matched case-insensitively against the
 * key's last component (after the last '.', '_' or '-'): HTTP headers as OTel records them
 * (`http.request.header.authorization`, `…header.cookie`, `…set-cookie`, `…x-api-key`),
 * gRPC metadata, and the names code gives secrets (`db.password`, `client_secret`,
 * `access_token`, `aws.secret_access_key`). `tokens` (gen_ai.usage.input_tokens) and
 * `token_count` end otherwise and are kept.
 */
export const DEFAULT_KEY_PATTERN =
  '(?:^|[._-])(?:authorization|cookie|passwd|password|pwd|secret|token|api[_-]?key|apikey|secret[_-]?(?:access[_-]?)?key|private[_-]?key|credentials?|card[_-]?number)$';

const kindName = /^[a-z][a-z0-9_]{0,31}$/;

/** `true`/`false`, or in an env var `true`, `false`, `1`, `0`, `yes`, `no`, `on`, `off` (any case). */
const flagWords: Record<string, boolean> = { true: true, '1': true, yes: true, on: true, false: false, '0': false, no: false, off: false };
const flag = z.preprocess(
  (v) => (typeof v === 'string' ? (flagWords[v.trim().toLowerCase()] ?? v) : v),
  z.boolean({ error: (i) => `expected true or false, got ${JSON.stringify(i.input)}` }),
);

/** Regular expressions in an env var are separated by whitespace (a comma may be part of one, as in `\d{2,4}`): write a space as `\s` or `\x20`. */
const splitWords = (text: string) => text.split(/\s+/).filter(Boolean);

const patternList = z.preprocess((v) => (typeof v === 'string' ? splitWords(v) : v), z.array(z.string()));

/** `name=regex` pairs separated by whitespace, or a map in octolens.yaml. */
const namedPatterns = z.preprocess((v, ctx) => {
  if (typeof v !== 'string') return v;
  const out: Record<string, string> = {};
  for (const pair of splitWords(v)) {
    const at = pair.indexOf('=');
    if (at <= 0) ctx.addIssue({ code: 'custom', message: `expected name=regex pairs separated by spaces, got "${pair}"` });
    else Object.defineProperty(out, pair.slice(0, at), { value: pair.slice(at + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}, z.record(z.string(), z.string()));

/** Built-in rule names, a list or comma-separated. */
const ruleList = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
  z
    .array(z.string())
    .superRefine((names, ctx) => {
      for (const name of names)
        if (!(scrubRules as readonly string[]).includes(name)) ctx.addIssue({ code: 'custom', message: `unknown rule "${name}" (expected some of: ${scrubRules.join(', ')})` });
    })
    // checked just above; a z.enum would name neither the setting nor the rules it takes
    .transform((names) => names as ScrubRule[]),
);

/** The kinds the built-in rules count; `key` is a value replaced whole by a key rule. */
const builtInKinds = new Set(['key', 'bearer', 'basic', 'jwt', 'email', 'card']);

/** Why `source` cannot be a pattern, or undefined. */
function patternProblem(source: string, flags: string): string | undefined {
  let re: RegExp;
  try {
    re = new RegExp(source, flags);
  } catch (err) {
    return `${JSON.stringify(source)} is not a valid regular expression: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`;
  }
  // A pattern that matches nothing would put a marker between every two characters, or redact every value.
  if (re.test('')) return `${JSON.stringify(source)} matches the empty string, so it would match every value`;
  return undefined;
}

/** `collectors.otlp.scrub`; a bad pattern stops the hub at start, naming the setting. */
export const scrubConfigSchema = z
  .object({
    /** off: nothing is scrubbed or counted */
    enabled: flag.default(true),
    /** which built-in rules run */
    rules: ruleList.default([...scrubRules]),
    /** more attribute keys whose values are replaced whole: regular expressions, matched case-insensitively anywhere in the key (anchor with ^ $) */
    keys: patternList.default([]),
    /** more value rules: kind → regular expression; each match in a string value or log body becomes `[REDACTED:<kind>]` */
    patterns: namedPatterns.default({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    c.keys.forEach((source, i) => {
      const problem = patternProblem(source, 'i');
      if (problem) ctx.addIssue({ code: 'custom', path: ['keys'], message: `pattern ${i + 1}: ${problem}` });
    });
    for (const [kind, source] of Object.entries(c.patterns)) {
      if (!kindName.test(kind)) ctx.addIssue({ code: 'custom', path: ['patterns'], message: `"${kind}" must be a lower-case name (a-z, 0-9, _; at most 32), it names the redaction kind` });
      else if (builtInKinds.has(kind)) ctx.addIssue({ code: 'custom', path: ['patterns'], message: `"${kind}" is the name of a built-in kind (${[...builtInKinds].join(', ')}); choose another` });
      const problem = patternProblem(source, 'g');
      if (problem) ctx.addIssue({ code: 'custom', path: ['patterns'], message: `${kind}: ${problem}` });
    }
  });

export type ScrubConfig = z.infer<typeof scrubConfigSchema>;

// --- the value rules ----------------------------------------------------------------------

/** Receives one count per replacement. */
type Count = (kind: string) => void;

/** RFC 6750 b64token after the scheme; 8 characters at least, so "Bearer token" in prose is kept. */
const BEARER = /\b([Bb]earer|BEARER)\s+[A-Za-z0-9\-._~+/]{8,}=*/g;
const BASIC = /\b([Bb]asic|BASIC)\s+([A-Za-z0-9+/]{4,}={0,2})(?![A-Za-z0-9+/=])/g;
/**
 * Starts only where no base64url character precedes: with a mere \b, every "eyJ" after a '-'
 * in one long run would be a start scanning to the run's end (quadratic on "eyJ-eyJ-…").
 */
const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
/**
 * 13–19 digits, single spaces or dashes between them allowed, not inside a longer word or
 * number, starting with 2–6 (the card networks' IIN ranges: Mastercard 2/5, Amex/JCB/Diners 3,
 * Visa 4, Discover/UnionPay/Maestro 6): epoch times in ms, µs and ns (13, 16, 19 digits
 * starting with 1) are not cards.
 */
const CARD = /(?<![0-9A-Za-z])[2-6](?:[ -]?[0-9]){12,18}(?![0-9A-Za-z])/g;
/** Eight digits, separators allowed: the cheap test before CARD. */
const CARD_HINT = /[0-9]{4}[ -]?[0-9]{4}/;
const SCHEME_HINT = /[Bb]earer|BEARER|[Bb]asic|BASIC/;
const EMAIL_DOMAIN = /(?:[A-Za-z0-9-]{1,63}\.){1,10}[A-Za-z]{2,24}(?![A-Za-z0-9-])/y;

/** The Luhn (mod 10) check of the digits in `text`. @example luhn('4111 1111 1111 1111') // → true */
export function luhn(text: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) continue;
    let d = double ? c * 2 : c;
    if (d > 9) d -= 9;
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** base64 of "user:password": what a Basic credential is (RFC 7617), so "Basic authentication" is kept. */
function isBasicCredential(b64: string): boolean {
  const decoded = Buffer.from(b64, 'base64').toString('latin1');
  return decoded.includes(':') && /^[\x20-\x7e]+$/.test(decoded);
}

// Characters of an e-mail local part (RFC 5322 atext, the common subset).
const isLocalChar = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;

/**
 * E-mail addresses found from each '@': at most 64 local characters back, a domain with a
 * letter TLD forward. Not one regex over the text: a local-part class tried at every
 * position of a long body would scan ahead from each one.
 */
function scrubEmails(text: string, count: Count): string {
  let at = text.indexOf('@');
  if (at < 0) return text;
  let out = '';
  let last = 0;
  while (at >= 0) {
    let start = at;
    while (start > last && at - start < 64 && isLocalChar(text.charCodeAt(start - 1))) start--;
    EMAIL_DOMAIN.lastIndex = at + 1;
    if (start < at && EMAIL_DOMAIN.test(text)) {
      out += `${text.slice(last, start)}[REDACTED:email]`;
      last = EMAIL_DOMAIN.lastIndex;
      count('email');
      at = text.indexOf('@', last);
    } else at = text.indexOf('@', at + 1);
  }
  return last === 0 ? text : out + text.slice(last);
}

function replaceCounted(text: string, re: RegExp, count: Count, replacement: (match: string, ...groups: string[]) => string | undefined, kind: string): string {
  return text.replace(re, (match: string, ...groups: string[]) => {
    const out = replacement(match, ...groups);
    if (out === undefined) return match;
    count(kind);
    return out;
  });
}

type ValueRule = (text: string, count: Count) => string;

type BuiltIn = Record<Exclude<ScrubRule, 'keys'>, boolean>;

/**
 * The built-in value rules chosen, each behind its cheap test; bearer and basic share one.
 * The tests cost ~10–20 ns each on a typical attribute value (bench/scrub/README.md).
 */
function builtInRules(text: string, on: BuiltIn, count: Count): string {
  // "Basic " and four base64 characters is the shortest credential either scheme rule takes.
  if ((on.bearer || on.basic) && text.length >= 10 && SCHEME_HINT.test(text)) {
    if (on.bearer) text = replaceCounted(text, BEARER, count, (_m, scheme) => `${scheme} [REDACTED:bearer]`, 'bearer');
    if (on.basic) text = replaceCounted(text, BASIC, count, (_m, scheme, b64) => (isBasicCredential(b64!) ? `${scheme} [REDACTED:basic]` : undefined), 'basic');
  }
  if (on.jwt && text.includes('eyJ')) text = replaceCounted(text, JWT, count, () => '[REDACTED:jwt]', 'jwt');
  if (on.email) text = scrubEmails(text, count);
  if (on.card && text.length >= 13 && CARD_HINT.test(text)) text = replaceCounted(text, CARD, count, (m) => (luhn(m) ? '[REDACTED:card]' : undefined), 'card');
  return text;
}

// --- the scrubber ---------------------------------------------------------------------------

/** Past this many distinct keys the key cache starts over: attribute keys repeat, a flood of new ones must not grow it. */
const KEY_CACHE_SIZE = 4096;

/** One service's redactions of one kind in one request. */
export interface RedactionCount {
  service: string;
  kind: string;
  count: number;
}

/**
 * The compiled rules, built once per configuration (scrubberFor).
 * @example new Scrubber(scrubConfigSchema.parse({})).text('mail bob@example.com', () => {}) // → 'mail [REDACTED:email]'
 */
export class Scrubber {
  private readonly keyPattern: RegExp | null;
  private readonly keyCache = new Map<string, boolean>();
  private readonly builtIn: BuiltIn;
  /** operators' patterns, which have no cheap test: each runs on every string */
  private readonly custom: ValueRule[] = [];

  constructor(config: ScrubConfig) {
    const keys = [...(config.rules.includes('keys') ? [DEFAULT_KEY_PATTERN] : []), ...config.keys];
    this.keyPattern = keys.length === 0 ? null : new RegExp(keys.map((k) => `(?:${k})`).join('|'), 'i');
    const on = (rule: ScrubRule) => config.rules.includes(rule);
    this.builtIn = { bearer: on('bearer'), basic: on('basic'), jwt: on('jwt'), email: on('email'), card: on('card') };
    for (const [kind, source] of Object.entries(config.patterns)) {
      const re = new RegExp(source, 'g');
      this.custom.push((text, count) => replaceCounted(text, re, count, (m) => (m === '' ? undefined : `[REDACTED:${kind}]`), kind));
    }
  }

  /** Whether the value of attribute `key` is replaced whole. */
  secretKey(key: string): boolean {
    if (this.keyPattern === null) return false;
    let secret = this.keyCache.get(key);
    if (secret === undefined) {
      secret = this.keyPattern.test(key);
      if (this.keyCache.size >= KEY_CACHE_SIZE) this.keyCache.clear();
      this.keyCache.set(key, secret);
    }
    return secret;
  }

  /** `text` with every value rule applied; `count` hears of each replacement. */
  text(text: string, count: Count): string {
    // The shortest thing a built-in rule replaces is an e-mail address such as a@b.cd.
    if (text.length >= 6) text = builtInRules(text, this.builtIn, count);
    for (let i = 0; i < this.custom.length; i++) text = this.custom[i]!(text, count);
    return text;
  }

  /** A fresh tally for one request. */
  forRequest(): Redactions {
    return new Redactions(this);
  }
}

type Counts = Map<string, number>;

function add(into: Counts, from: Counts): void {
  for (const [kind, n] of from) into.set(kind, (into.get(kind) ?? 0) + n);
}

/**
 * One request's scrubbing: applies the rules and counts what they replaced, per service.
 * A replacement counts once where it was sent (a resource attribute once, however many
 * items share the resource), and only once an item it is stored with is kept: the
 * normaliser holds a resource's and a scope's counts, and commits them with the first item
 * of theirs that becomes a row; an item refused drops its own.
 */
export class Redactions {
  private pending: Counts | null = null;
  private resourceHeld: Counts | null = null;
  private scopeHeld: Counts | null = null;
  private readonly byService = new Map<string, Counts>();
  private readonly count: Count = (kind) => {
    this.pending ??= new Map();
    this.pending.set(kind, (this.pending.get(kind) ?? 0) + 1);
  };

  constructor(private readonly scrubber: Scrubber) {}

  /**
   * An attribute value as stored: `[REDACTED]` when its key names a credential; else, for
   * string values and arrays and maps (as JSON text), the value rules applied. Numbers,
   * booleans and bytes are kept.
   */
  attribute(key: string, text: string, type: AnyValue['type']): string {
    if (text === '') return text;
    if (this.scrubber.secretKey(key)) {
      this.count('key');
      return REDACTED;
    }
    return type === 'string' || type === 'array' || type === 'kvlist' ? this.scrubber.text(text, this.count) : text;
  }

  /** Free text (a log body, a status message) with the value rules applied. */
  text(text: string): string {
    return text === '' ? text : this.scrubber.text(text, this.count);
  }

  /** A new resource: nothing of the one before is held any more. */
  startResource(): void {
    this.pending = this.resourceHeld = this.scopeHeld = null;
  }

  /** What the resource's attributes counted, held until one of its items is kept. */
  holdResource(): void {
    this.resourceHeld = this.pending;
    this.pending = null;
  }

  startScope(): void {
    this.pending = this.scopeHeld = null;
  }

  holdScope(): void {
    this.scopeHeld = this.pending;
    this.pending = null;
  }

  /** The item just built is kept: its counts, and what its resource and scope held, go to `service`. */
  commit(service: string): void {
    if (this.pending === null && this.resourceHeld === null && this.scopeHeld === null) return;
    let counts = this.byService.get(service);
    if (counts === undefined) this.byService.set(service, (counts = new Map()));
    for (const held of [this.pending, this.resourceHeld, this.scopeHeld]) if (held !== null) add(counts, held);
    this.pending = this.resourceHeld = this.scopeHeld = null;
  }

  /** The item just tried was refused: what it counted was not stored. */
  drop(): void {
    this.pending = null;
  }

  /** Every service's counts, by kind, in the order first seen. */
  counts(): RedactionCount[] {
    const out: RedactionCount[] = [];
    for (const [service, kinds] of this.byService) for (const [kind, count] of kinds) out.push({ service, kind, count });
    return out;
  }
}

const compiled = new WeakMap<ScrubConfig, Scrubber>();

/** The configuration's scrubber, compiled once (the settings object lives as long as the hub), or null when scrubbing is off. */
export function scrubberFor(config: ScrubConfig): Scrubber | null {
  if (!config.enabled) return null;
  let scrubber = compiled.get(config);
  if (scrubber === undefined) compiled.set(config, (scrubber = new Scrubber(config)));
  return scrubber;
}
