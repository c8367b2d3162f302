/**
 * Just enough PromQL to synthesize test input for a Sloth-style events query: the one
 * counter selector that is ranged over `{{.window}}` inside `rate`/`increase`, and the
 * `sum by (…)` labels. Anything fancier returns undefined and gets no generated test.
 */
export interface PromMatcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

export interface PromSelector {
  metric: string;
  matchers: PromMatcher[];
}

export interface EventsQueryShape {
  selector: PromSelector;
  /** labels the query keeps (`sum by (…)`); empty for a plain `sum` */
  by: string[];
}

const placeholder = /\[\s*\{\{\s*\.window\s*\}\}\s*\]/g;

export function parseEventsQuery(query: string): EventsQueryShape | undefined {
  const ranges = [...query.matchAll(placeholder)];
  if (ranges.length !== 1 || /\bwithout\s*\(/.test(query)) return undefined;
  const before = query.slice(0, ranges[0]!.index).trimEnd();
  let selectorText: string;
  let head: string;
  if (before.endsWith('}')) {
    const open = matchingBrace(before);
    if (open < 0) return undefined;
    const name = /([a-zA-Z_:][a-zA-Z0-9_:]*)\s*$/.exec(before.slice(0, open));
    if (!name) return undefined;
    selectorText = before.slice(open);
    head = before.slice(0, open - name[0].length);
    const matchers = parseMatchers(selectorText.slice(1, -1));
    if (!matchers) return undefined;
    if (!/\b(rate|increase)\s*\(\s*$/.test(head)) return undefined;
    return { selector: { metric: name[1]!, matchers }, by: byLabels(query) };
  }
  const name = /([a-zA-Z_:][a-zA-Z0-9_:]*)$/.exec(before);
  if (!name) return undefined;
  head = before.slice(0, before.length - name[0].length);
  if (!/\b(rate|increase)\s*\(\s*$/.test(head)) return undefined;
  return { selector: { metric: name[1]!, matchers: [] }, by: byLabels(query) };
}

function byLabels(query: string): string[] {
  const by = /\bby\s*\(([^)]*)\)/.exec(query);
  if (!by) return [];
  return by[1]!
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Index of the `{` that the final `}` closes, skipping quoted strings. */
function matchingBrace(text: string): number {
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      const start = text.lastIndexOf(c, i - 1);
      if (start < 0) return -1;
      i = start;
      continue;
    }
    if (c === '}') depth++;
    if (c === '{' && --depth === 0) return i;
  }
  return -1;
}

/** `a="x", b=~"y|z"` → matchers; undefined when it does not parse. */
export function parseMatchers(body: string): PromMatcher[] | undefined {
  const out: PromMatcher[] = [];
  const re = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)\s*(,|$)/y;
  let at = 0;
  while (at < body.length) {
    if (/^\s*$/.test(body.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(body);
    if (!m) return undefined;
    out.push({ label: m[1]!, op: m[2] as PromMatcher['op'], value: unquote(m[3]!) });
    at = re.lastIndex;
  }
  return out;
}

function unquote(literal: string): string {
  const q = literal[0];
  const inner = literal.slice(1, -1);
  if (q === '`') return inner;
  if (q === '"') return JSON.parse(literal) as string;
  return JSON.parse(`"${inner.replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string;
}
