import type { Matcher, MetricSelector } from '../model.js';

/**
 * Parses a PromQL vector selector: `http_requests_total{job="api",code=~"5.."}`. Metric and
 * label names may contain dots (OTLP names such as `http.server.request.duration`), and a
 * label name may be quoted as in Prometheus 3 (`{"http.route"="/pay"}`).
 * @example parseSelector('up{job="api"}') // { metric: 'up', matchers: [{ key: 'job', op: '=', value: 'api' }] }
 */
export function parseSelector(text: string): MetricSelector | { error: string } {
  const s = text.trim();
  let i = 0;
  const fail = (expected: string) => ({ error: `invalid metric selector ${JSON.stringify(s)}: expected ${expected} at character ${i + 1}` });
  const skip = () => {
    while (i < s.length && /\s/.test(s[i]!)) i++;
  };
  const name = /^[A-Za-z_:][\w:.]*/.exec(s);
  if (!name) return fail('a metric name');
  const metric = name[0];
  i = metric.length;
  const matchers: Matcher[] = [];
  skip();
  if (s[i] === '{') {
    i++;
    skip();
    while (s[i] !== '}') {
      const key = readName(s, i) ?? readQuoted(s, i);
      if (!key) return fail('a label name');
      i = key.end;
      skip();
      const op = (['=~', '!~', '!=', '='] as const).find((o) => s.startsWith(o, i));
      if (!op) return fail('one of =, !=, =~, !~');
      i += op.length;
      skip();
      const value = readQuoted(s, i);
      if (!value) return fail('a quoted value');
      i = value.end;
      matchers.push({ key: key.text, op, value: value.text });
      skip();
      if (s[i] === ',') {
        i++;
        skip();
      } else if (s[i] !== '}') {
        return fail('"," or "}"');
      }
    }
    i++;
    skip();
  }
  if (i < s.length) return fail('the end of the selector');
  return { metric, matchers };
}

function readName(s: string, at: number): { text: string; end: number } | undefined {
  const m = /^[A-Za-z_][\w.]*/.exec(s.slice(at));
  return m ? { text: m[0], end: at + m[0].length } : undefined;
}

function readQuoted(s: string, at: number): { text: string; end: number } | undefined {
  const quote = s[at];
  if (quote !== '"' && quote !== "'" && quote !== '`') return undefined;
  let text = '';
  for (let i = at + 1; i < s.length; i++) {
    const c = s[i]!;
    if (c === quote) return { text, end: i + 1 };
    if (c === '\\' && quote !== '`' && i + 1 < s.length) {
      const next = s[++i]!;
      text += ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[next] ?? next;
    } else {
      text += c;
    }
  }
  return undefined;
}

/** Escapes a literal for a (fully anchored, RE2) Prometheus regex. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
