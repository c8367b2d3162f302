/**
 * Strings that a (simple, RE2-style) regex fully matches, to give synthetic series label
 * values that satisfy `=~` matchers: `(5..|429)` → `500`, `429`. Handles literals, `.`,
 * escapes, classes, groups, alternation and quantifiers; every candidate is checked
 * against the regex (anchored, as Prometheus anchors matchers) before it is returned.
 */
export function sampleMatches(pattern: string, limit = 8): string[] {
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${pattern})$`);
  } catch {
    return [];
  }
  let out: string[];
  try {
    out = new Sampler(pattern, limit).all();
  } catch {
    return [];
  }
  return [...new Set(out)].filter((s) => re.test(s));
}

/** Full match, the way Prometheus evaluates `=~`. */
export function fullMatch(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return false;
  }
}

class Sampler {
  private at = 0;
  constructor(
    private readonly src: string,
    private readonly limit: number,
  ) {}

  all(): string[] {
    const out = this.alternation();
    if (this.at !== this.src.length) throw new Error('unbalanced');
    return out;
  }

  private alternation(): string[] {
    const out = this.sequence();
    while (this.src[this.at] === '|') {
      this.at++;
      out.push(...this.sequence());
    }
    return out.slice(0, this.limit);
  }

  private sequence(): string[] {
    let acc = [''];
    while (this.at < this.src.length && this.src[this.at] !== '|' && this.src[this.at] !== ')') {
      const options = this.quantified(this.atom());
      const next: string[] = [];
      for (const a of acc) for (const o of options) if (next.length < this.limit) next.push(a + o);
      acc = next;
    }
    return acc;
  }

  private quantified(options: string[]): string[] {
    const c = this.src[this.at];
    if (c === '?' || c === '*') {
      this.at++;
      this.lazy();
      return [...options, ''];
    }
    if (c === '+') {
      this.at++;
      this.lazy();
      return options;
    }
    if (c === '{') {
      const m = /^\{(\d+)(?:,(\d*))?\}/.exec(this.src.slice(this.at));
      if (m) {
        this.at += m[0].length;
        this.lazy();
        const n = Number(m[1]);
        return options.map((o) => o.repeat(n));
      }
    }
    return options;
  }

  private lazy(): void {
    if (this.src[this.at] === '?') this.at++;
  }

  private atom(): string[] {
    const c = this.src[this.at++]!;
    if (c === '(') {
      if (this.src[this.at] === '?') {
        const m = /^\?(?::|P?<[^>]+>)/.exec(this.src.slice(this.at));
        if (!m) throw new Error('unsupported group');
        this.at += m[0].length;
      }
      const inner = this.alternation();
      if (this.src[this.at++] !== ')') throw new Error('unbalanced');
      return inner;
    }
    if (c === '[') return this.charClass();
    if (c === '.') return ['0', 'a'];
    if (c === '^' || c === '$') return [''];
    if (c === '\\') return [escapeSample(this.src[this.at++]!)];
    return [c];
  }

  private charClass(): string[] {
    const negated = this.src[this.at] === '^';
    if (negated) this.at++;
    const end = this.src.indexOf(']', this.at + 1);
    if (end < 0) throw new Error('unbalanced');
    const body = this.src.slice(this.at, end);
    this.at = end + 1;
    const cls = new RegExp(`[${negated ? '^' : ''}${body}]`);
    return ['0', 'a', 'x', 'A', '_', '-', '1', body[0] ?? ''].filter((ch) => ch && cls.test(ch)).slice(0, 2);
  }
}

function escapeSample(c: string): string {
  switch (c) {
    case 'd':
      return '0';
    case 'w':
      return 'a';
    case 's':
      return ' ';
    case 'D':
    case 'S':
      return 'a';
    case 'W':
      return '-';
    default:
      return c;
  }
}
