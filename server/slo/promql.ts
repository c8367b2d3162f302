import type { Matcher, MetricSelector, Sli } from './model.js';

/**
 * Which PromQL SLIs the hub evaluates from the counters it stores itself.
 *
 * Sloth writes an SLI as an error query and a total query, or as one error-ratio query,
 * with `{{.window}}` for the range. The hub evaluates the common shape exactly:
 *
 *     errorQuery:      sum(rate(requests_total{code=~"5.."}[{{.window}}]))
 *     totalQuery:      sum(rate(requests_total[{{.window}}]))
 *     errorRatioQuery: sum(rate(errors…[{{.window}}])) / sum(rate(total…[{{.window}}]))
 *                      1 - (sum(rate(good…[{{.window}}])) / sum(rate(total…[{{.window}}])))
 *
 * (`increase` instead of `rate`, and redundant parentheses, are fine: the ratio is the same.)
 * That is a metric_ratio over monotonic sums named like the metric, with the matchers as
 * attribute matchers (`service.name` and `resource.<key>` as the metrics API reads them).
 * Anything else (other functions, `sum by`, a fixed range, arithmetic on counts) stays with
 * Prometheus, and the reason says what the hub could not translate.
 */
export type PromqlPlan =
  | { hubEvaluable: true; sli: Extract<Sli, { kind: 'metric_ratio' }> }
  | { hubEvaluable: false; reason: string };

const SUPPORTED = 'the hub evaluates sum(rate(metric{…}[{{.window}}])) error/total ratios (rate or increase) over counters it stores';

class PromqlError extends Error {}

type Token = { kind: 'ident' | 'string' | 'number' | 'op' | 'window'; text: string; value?: string; pos: number };

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const window = /^\[\s*\{\{\s*\.window\s*\}\}\s*\]/.exec(query.slice(i));
    if (window) {
      tokens.push({ kind: 'window', text: window[0], pos: i });
      i += window[0].length;
      continue;
    }
    if (ch === '#') {
      while (i < query.length && query[i] !== '\n') i++;
      continue;
    }
    const ident = /^[A-Za-z_:][A-Za-z0-9_:.]*/.exec(query.slice(i));
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], pos: i });
      i += ident[0].length;
      continue;
    }
    const num = /^\d+(\.\d+)?/.exec(query.slice(i));
    if (num) {
      tokens.push({ kind: 'number', text: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') {
      let j = i + 1;
      let value = '';
      while (j < query.length && query[j] !== ch) {
        if (query[j] === '\\' && ch !== '`' && j + 1 < query.length) {
          const next = query[j + 1]!;
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          j += 2;
        } else value += query[j++];
      }
      if (j >= query.length) throw new PromqlError(`unterminated string at column ${i + 1}`);
      tokens.push({ kind: 'string', text: query.slice(i, j + 1), value, pos: i });
      i = j + 1;
      continue;
    }
    const op = /^(=~|!~|!=|==|>=|<=|[=(){}\[\],/\-+*^%<>])/.exec(query.slice(i));
    if (op) {
      tokens.push({ kind: 'op', text: op[0], pos: i });
      i += op[0].length;
      continue;
    }
    throw new PromqlError(`unexpected "${ch}" at column ${i + 1}`);
  }
  return tokens;
}

type Expr = { kind: 'sum'; selector: MetricSelector } | { kind: 'ratio'; num: Expr; den: Expr } | { kind: 'oneMinus'; of: Expr } | { kind: 'number'; value: number };

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }
  private where(t = this.peek()) {
    return t ? `at column ${t.pos + 1}` : 'at the end';
  }
  private expect(text: string): Token {
    const t = this.peek();
    if (!t || t.text !== text) throw new PromqlError(`expected "${text}" ${this.where(t)}, got ${t ? `"${t.text}"` : 'nothing'}`);
    this.i++;
    return t;
  }

  parse(): Expr {
    const e = this.additive();
    if (this.peek()) throw new PromqlError(`unexpected "${this.peek()!.text}" ${this.where()}`);
    return e;
  }

  private additive(): Expr {
    let left = this.multiplicative();
    while (this.peek()?.text === '-' || this.peek()?.text === '+') {
      const op = this.peek()!;
      this.i++;
      const right = this.multiplicative();
      if (op.text === '-' && left.kind === 'number' && left.value === 1) left = { kind: 'oneMinus', of: right };
      else throw new PromqlError(`"${op.text}" ${this.where(op)}: only "1 - (good / total)" is translated`);
    }
    return left;
  }

  private multiplicative(): Expr {
    let left = this.unary();
    while (this.peek()?.text === '/') {
      this.i++;
      left = { kind: 'ratio', num: left, den: this.unary() };
    }
    const t = this.peek();
    if (t && ['*', '%', '^', '>', '<', '==', '>=', '<=', '!='].includes(t.text)) throw new PromqlError(`operator "${t.text}" ${this.where(t)} is not translated`);
    return left;
  }

  private unary(): Expr {
    const t = this.peek();
    if (!t) throw new PromqlError('the query ends early');
    if (t.text === '(') {
      this.i++;
      const e = this.additive();
      this.expect(')');
      return e;
    }
    if (t.kind === 'number') {
      this.i++;
      return { kind: 'number', value: Number(t.text) };
    }
    if (t.kind === 'ident' && t.text === 'sum') return this.sumRate();
    throw new PromqlError(`"${t.text}" ${this.where(t)} is not translated (${t.kind === 'ident' ? 'only sum(rate(…)) is' : 'unexpected token'})`);
  }

  private sumRate(): Expr {
    this.expect('sum');
    const by = this.peek();
    if (by?.text === 'by' || by?.text === 'without') throw new PromqlError(`"sum ${by.text}" ${this.where(by)} is not translated: group the SLO with groupBy instead`);
    this.expect('(');
    const fn = this.peek();
    if (!fn || fn.kind !== 'ident' || (fn.text !== 'rate' && fn.text !== 'increase')) {
      throw new PromqlError(`${fn ? `"${fn.text}"` : 'nothing'} ${this.where(fn)} inside sum(): only rate(…) or increase(…) of a counter is translated`);
    }
    this.i++;
    this.expect('(');
    const selector = this.selector();
    const range = this.peek();
    if (range?.kind !== 'window') throw new PromqlError(`the range ${this.where(range)} must be [{{.window}}]${range?.text === '[' ? ' (a fixed range does not follow the SLO windows)' : ''}`);
    this.i++;
    this.expect(')');
    this.expect(')');
    const after = this.peek();
    if (after?.text === 'by' || after?.text === 'without') throw new PromqlError(`"sum … ${after.text}" ${this.where(after)} is not translated: group the SLO with groupBy instead`);
    return { kind: 'sum', selector };
  }

  private selector(): MetricSelector {
    let metric: string | undefined;
    const t = this.peek();
    if (t?.kind === 'ident') {
      metric = t.text;
      this.i++;
    }
    const matchers: Matcher[] = [];
    if (this.peek()?.text === '{') {
      this.i++;
      while (this.peek() && this.peek()!.text !== '}') {
        const label = this.peek()!;
        if (label.kind !== 'ident') throw new PromqlError(`expected a label name ${this.where(label)}, got "${label.text}"`);
        this.i++;
        const op = this.peek();
        if (!op || !['=', '!=', '=~', '!~'].includes(op.text)) throw new PromqlError(`expected =, !=, =~ or !~ ${this.where(op)}`);
        this.i++;
        const value = this.peek();
        if (value?.kind !== 'string') throw new PromqlError(`expected a quoted value ${this.where(value)}`);
        this.i++;
        if (label.text === '__name__') {
          if (op.text !== '=') throw new PromqlError(`__name__${op.text} ${this.where(label)}: only an exact metric name is translated`);
          metric = value.value!;
        } else matchers.push({ key: label.text, op: op.text as Matcher['op'], value: value.value! });
        if (this.peek()?.text === ',') this.i++;
      }
      this.expect('}');
    }
    if (!metric) throw new PromqlError(`a selector without a metric name ${this.where(t)} is not translated`);
    return { metric, matchers };
  }
}

function parseQuery(what: string, query: string): Expr {
  try {
    return new Parser(tokenize(query)).parse();
  } catch (e) {
    if (e instanceof PromqlError) throw new PromqlError(`${what}: ${e.message}`);
    throw e;
  }
}

/**
 * @example planPromql({ kind: 'promql', errorQuery: 'sum(rate(req{code="500"}[{{.window}}]))', totalQuery: 'sum(rate(req[{{.window}}]))' })
 *   // { hubEvaluable: true, sli: { kind: 'metric_ratio', total: { metric: 'req', matchers: [] }, bad: { metric: 'req', matchers: [code="500"] } } }
 */
export function planPromql(sli: Extract<Sli, { kind: 'promql' }>): PromqlPlan {
  try {
    if (sli.errorQuery !== undefined && sli.totalQuery !== undefined) {
      const bad = parseQuery('errorQuery', sli.errorQuery);
      const total = parseQuery('totalQuery', sli.totalQuery);
      if (bad.kind !== 'sum') throw new PromqlError('errorQuery: expected one sum(rate(…)) of the error events');
      if (total.kind !== 'sum') throw new PromqlError('totalQuery: expected one sum(rate(…)) of all events');
      return { hubEvaluable: true, sli: { kind: 'metric_ratio', total: total.selector, bad: bad.selector } };
    }
    if (sli.errorRatioQuery !== undefined) {
      const e = parseQuery('errorRatioQuery', sli.errorRatioQuery);
      if (e.kind === 'ratio' && e.num.kind === 'sum' && e.den.kind === 'sum') {
        return { hubEvaluable: true, sli: { kind: 'metric_ratio', total: e.den.selector, bad: e.num.selector } };
      }
      if (e.kind === 'oneMinus' && e.of.kind === 'ratio' && e.of.num.kind === 'sum' && e.of.den.kind === 'sum') {
        return { hubEvaluable: true, sli: { kind: 'metric_ratio', total: e.of.den.selector, good: e.of.num.selector } };
      }
      throw new PromqlError('errorRatioQuery: expected sum(rate(errors…)) / sum(rate(total…)) or 1 - (sum(rate(good…)) / sum(rate(total…)))');
    }
    throw new PromqlError('expected errorQuery and totalQuery, or errorRatioQuery');
  } catch (e) {
    if (e instanceof PromqlError) return { hubEvaluable: false, reason: `${e.message}; ${SUPPORTED}` };
    throw e;
  }
}
