import { describe, expect, it } from 'vitest';
import { luhn, REDACTED, scrubConfigSchema, Scrubber, scrubberFor } from './scrub.js';

const scrubber = (config: Record<string, unknown> = {}) => new Scrubber(scrubConfigSchema.parse(config));

/** The text as stored and the kinds counted, in order. */
function scrub(text: string, config: Record<string, unknown> = {}): [string, string[]] {
  const kinds: string[] = [];
  return [scrubber(config).text(text, (k) => kinds.push(k)), kinds];
}

describe('value rules', () => {
  it.each([
    ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-nature_x', 'Authorization: Bearer [REDACTED:bearer]', ['bearer']],
    ['curl -H "authorization: bearer abcdef0123456789"', 'curl -H "authorization: bearer [REDACTED:bearer]"', ['bearer']],
    // "Bearer" before a short word is prose, not a credential
    ['Bearer token missing', 'Bearer token missing', []],
    // base64("aladdin:opensesame") is a Basic credential; "Basic authentication" is not
    ['Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l', 'Authorization: Basic [REDACTED:basic]', ['basic']],
    ['Basic authentication failed', 'Basic authentication failed', []],
    ['token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln', 'token=[REDACTED:jwt]', ['jwt']],
    ['mail to Bob.Smith+shop@mail.example.co.uk, cc a@b.io', 'mail to [REDACTED:email], cc [REDACTED:email]', ['email', 'email']],
    ['user@localhost and @handle and x@y', 'user@localhost and @handle and x@y', []],
    ['card 4111 1111 1111 1111 ok', 'card [REDACTED:card] ok', ['card']],
    ['pan=5500-0000-0000-0004;', 'pan=[REDACTED:card];', ['card']],
    ['amex 378282246310005', 'amex [REDACTED:card]', ['card']],
    // one digit off: fails Luhn
    ['order 4111111111111112', 'order 4111111111111112', []],
    // epoch ms / ns start with 1: never cards, whatever Luhn says (1700000000008 passes it)
    ['at 1700000000008 and 1700000000123456789', 'at 1700000000008 and 1700000000123456789', []],
    // inside a longer number or a hex id
    ['id 94111111111111111111 and a4111111111111111', 'id 94111111111111111111 and a4111111111111111', []],
    ['GET /api/v1/users?page=2', 'GET /api/v1/users?page=2', []],
  ])('%j → %j', (input, output, kinds) => {
    expect(scrub(input)).toEqual([output, kinds]);
  });

  it('leaves short strings alone without looking at them', () => {
    expect(scrub('a@b.c')).toEqual(['a@b.c', []]);
  });

  it("scans a long body from each '@' only: 200k characters with one address", () => {
    const body = `${'x'.repeat(100_000)} ann@example.org ${'y'.repeat(100_000)}`;
    const started = performance.now();
    const [out, kinds] = scrub(body);
    expect(out).toBe(`${'x'.repeat(100_000)} [REDACTED:email] ${'y'.repeat(100_000)}`);
    expect(kinds).toEqual(['email']);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it.each([
    ['eyJ- runs', 'eyJ-'.repeat(64 * 1024)],
    ['eyJ. runs', 'eyJa.'.repeat(50 * 1024)],
    ['bearer words', 'Bearer '.repeat(36 * 1024)],
    ['basic base64 with padding', `Basic ${'QUJD'.repeat(60 * 1024)}===`],
    ['digit runs', '4111 '.repeat(50 * 1024)],
    ['@ runs', 'a@'.repeat(128 * 1024)],
    ['domain labels', `x@${'a.'.repeat(128 * 1024)}`],
  ])('scrubs a 256 KiB body of %s in linear time', (_name, body) => {
    const started = performance.now();
    scrub(body);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('runs only the rules chosen', () => {
    expect(scrub('bob@example.com 4111111111111111', { rules: ['card'] })).toEqual(['bob@example.com [REDACTED:card]', ['card']]);
    expect(scrub('bob@example.com', { rules: 'keys, bearer' })).toEqual(['bob@example.com', []]);
  });

  it("adds operators' patterns, each match named by its kind", () => {
    expect(scrub('employee EMP-004211 and EMP-1', { patterns: 'employee_id=EMP-\\d{6}' })).toEqual(['employee [REDACTED:employee_id] and EMP-1', ['employee_id']]);
    expect(scrub('ssn 078-05-1120', { patterns: { ssn: '\\b\\d{3}-\\d{2}-\\d{4}\\b' } })).toEqual(['ssn [REDACTED:ssn]', ['ssn']]);
  });
});

describe('luhn', () => {
  it.each([
    ['4111111111111111', true],
    ['5555 5555 5555 4444', true],
    ['378282246310005', true],
    ['6011111111111117', true],
    ['4111111111111112', false],
    ['1234567812345678', false],
    ['79927398713', true],
    ['79927398710', false],
  ])('%s → %s', (digits, valid) => {
    expect(luhn(digits)).toBe(valid);
  });
});

describe('key rules', () => {
  const s = scrubber();
  it.each([
    'Authorization',
    'http.request.header.authorization',
    'http.request.header.proxy-authorization',
    'http.request.header.cookie',
    'http.response.header.set-cookie',
    'http.request.header.x-api-key',
    'rpc.grpc.request.metadata.authorization',
    'db.password',
    'passwd',
    'client_secret',
    'access_token',
    'refresh-token',
    'API_KEY',
    'apikey',
    'aws.secret_access_key',
    'payment.card_number',
  ])('%s is a credential', (key) => {
    expect(s.secretKey(key)).toBe(true);
  });

  it.each(['gen_ai.usage.input_tokens', 'token_count', 'k8s.secret.name', 'http.request.method', 'user.id', 'passwordless'])('%s is not', (key) => {
    expect(s.secretKey(key)).toBe(false);
  });

  it('replaces the whole value of a credential key, of any type, and applies value rules to strings only', () => {
    const r = s.forRequest();
    expect(r.attribute('Authorization', 'Bearer abcdefgh12345678', 'string')).toBe(REDACTED);
    expect(r.attribute('http.request.header.authorization', '["Basic YWxhZGRpbjpvcGVuc2VzYW1l"]', 'array')).toBe(REDACTED);
    expect(r.attribute('db.password', '12345', 'int')).toBe(REDACTED);
    expect(r.attribute('enduser.email', 'ann@example.org', 'string')).toBe('[REDACTED:email]');
    expect(r.attribute('order.pan', '4111111111111111', 'int')).toBe('4111111111111111');
    expect(r.attribute('headers', '{"x":"Bearer abcdefgh12345678"}', 'kvlist')).toBe('{"x":"Bearer [REDACTED:bearer]"}');
    // an empty credential hides nothing: kept, not counted
    expect(r.attribute('password', '', 'string')).toBe('');
    r.commit('checkout');
    expect(r.counts()).toEqual([
      { service: 'checkout', kind: 'key', count: 3 },
      { service: 'checkout', kind: 'email', count: 1 },
      { service: 'checkout', kind: 'bearer', count: 1 },
    ]);
  });

  it('takes more key patterns, matched case-insensitively anywhere in the key', () => {
    const extra = scrubber({ keys: '^user\\.ssn$ session' });
    expect(['user.ssn', 'USER.SSN', 'http.session_id'].map((k) => extra.secretKey(k))).toEqual([true, true, true]);
    expect(extra.secretKey('user.ssn.kind')).toBe(false);
    expect(extra.secretKey('authorization')).toBe(true);
    expect(scrubber({ rules: ['email'], keys: ['^pin$'] }).secretKey('authorization')).toBe(false);
  });
});

describe('Redactions', () => {
  it('counts a resource once for the first item kept, an item refused not at all', () => {
    const r = scrubber().forRequest();
    r.startResource();
    r.attribute('cookie', 'a=1', 'string');
    r.holdResource();
    r.text('mail ann@example.org');
    r.drop();
    r.text('mail bob@example.org');
    r.commit('shop');
    r.text('mail cy@example.org');
    r.commit('shop');
    r.startResource();
    r.attribute('password', 'x', 'string');
    r.holdResource();
    r.startResource();
    r.text('Bearer abcdefgh12345678');
    r.commit('');
    expect(r.counts()).toEqual([
      { service: 'shop', kind: 'email', count: 2 },
      { service: 'shop', kind: 'key', count: 1 },
      { service: '', kind: 'bearer', count: 1 },
    ]);
  });
});

describe('scrub settings', () => {
  it('scrubs with every built-in rule by default', () => {
    expect(scrubConfigSchema.parse({})).toEqual({ enabled: true, rules: ['keys', 'bearer', 'basic', 'jwt', 'email', 'card'], keys: [], patterns: {} });
  });

  it('is off with enabled false, in YAML or an env var', () => {
    expect(scrubberFor(scrubConfigSchema.parse({ enabled: false }))).toBeNull();
    expect(scrubConfigSchema.parse({ enabled: 'off' }).enabled).toBe(false);
    const config = scrubConfigSchema.parse({});
    expect(scrubberFor(config)).toBe(scrubberFor(config));
  });

  it.each([
    [{ keys: ['(unclosed'] }, 'keys', 'pattern 1: "(unclosed" is not a valid regular expression: /(unclosed/i: Unterminated group'],
    [{ keys: 'ok .*' }, 'keys', 'pattern 2: ".*" matches the empty string, so it would match every value'],
    [{ patterns: 'ssn=[0-9' }, 'patterns', 'ssn: "[0-9" is not a valid regular expression: /[0-9/g: Unterminated character class'],
    [{ patterns: 'no-equals' }, 'patterns', 'expected name=regex pairs separated by spaces, got "no-equals"'],
    [{ patterns: { 'Bad Name': 'x' } }, 'patterns', '"Bad Name" must be a lower-case name (a-z, 0-9, _; at most 32), it names the redaction kind'],
    [{ patterns: { email: 'x' } }, 'patterns', '"email" is the name of a built-in kind (key, bearer, basic, jwt, email, card); choose another'],
    [{ rules: 'keys,emails' }, 'rules', 'unknown rule "emails" (expected some of: keys, bearer, basic, jwt, email, card)'],
  ])('%j is refused at %s', (config, path, message) => {
    const result = scrubConfigSchema.safeParse(config);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => [i.path.join('.'), i.message])).toContainEqual([path, message]);
  });
});
