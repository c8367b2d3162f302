import type { Span } from '$shared/api';
import { nanos } from '../../lib/format/nanos';

export interface WaterfallRow {
  span: Span;
  /** nesting level; 0 for roots (and for spans whose parent is not in the trace) */
  depth: number;
  /** nanoseconds from the trace's first start */
  offsetNs: number;
  childCount: number;
  isError: boolean;
  /** the parent id is set but that span is not in the trace */
  orphan: boolean;
}

export interface Waterfall {
  /** depth-first: every span right after its parent, siblings by start time */
  rows: WaterfallRow[];
  startUnixNano: bigint;
  durationNs: number;
  services: string[];
  /** each service's colour in this trace (serviceColors) */
  colors: Map<string, string>;
  errorCount: number;
}

const byStart = (a: Span, b: Span) => {
  const d = nanos(a.startTimeUnixNano) - nanos(b.startTimeUnixNano);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
};

/**
 * Nests a trace's spans by parentSpanId. Spans whose parent is missing (not yet arrived, or
 * sampled away) become extra roots, marked `orphan`; a parent cycle cannot hide spans.
 */
export function buildWaterfall(spans: readonly Span[]): Waterfall {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string, Span[]>();
  const roots: Span[] = [];
  for (const span of spans) {
    if (span.parentSpanId && ids.has(span.parentSpanId) && span.parentSpanId !== span.spanId) {
      const list = children.get(span.parentSpanId) ?? [];
      list.push(span);
      children.set(span.parentSpanId, list);
    } else roots.push(span);
  }
  for (const list of children.values()) list.sort(byStart);
  roots.sort(byStart);

  let start = spans.length ? nanos(spans[0]!.startTimeUnixNano) : 0n;
  let end = start;
  for (const s of spans) {
    const st = nanos(s.startTimeUnixNano);
    if (st < start) start = st;
    const en = st + BigInt(Math.max(0, Math.round(s.durationNs)));
    if (en > end) end = en;
  }

  const rows: WaterfallRow[] = [];
  const seen = new Set<Span>();
  const visit = (root: Span) => {
    const stack: { span: Span; depth: number }[] = [{ span: root, depth: 0 }];
    while (stack.length) {
      const { span, depth } = stack.pop()!;
      if (seen.has(span)) continue;
      seen.add(span);
      const kids = children.get(span.spanId) ?? [];
      rows.push({
        span,
        depth,
        offsetNs: Number(nanos(span.startTimeUnixNano) - start),
        childCount: kids.length,
        isError: span.statusCode.toLowerCase() === 'error',
        orphan: span.parentSpanId !== '' && !ids.has(span.parentSpanId),
      });
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ span: kids[i]!, depth: depth + 1 });
    }
  };
  for (const root of roots) visit(root);
  // Spans caught in a parent cycle were never reached from a root: show them at the top level.
  for (const span of [...spans].sort(byStart)) if (!seen.has(span)) visit(span);

  const services = [...new Set(spans.map((s) => s.serviceName))].sort();
  return {
    rows,
    startUnixNano: start,
    durationNs: Math.max(1, Number(end - start)),
    services,
    colors: serviceColors(services),
    errorCount: rows.filter((r) => r.isError).length,
  };
}

/** Rows left after hiding the descendants of collapsed spans. */
export function visibleRows(rows: readonly WaterfallRow[], collapsed: ReadonlySet<string>): WaterfallRow[] {
  const out: WaterfallRow[] = [];
  let hideBelow = Infinity;
  for (const row of rows) {
    if (row.depth > hideBelow) continue;
    hideBelow = collapsed.has(row.span.spanId) ? row.depth : Infinity;
    out.push(row);
  }
  return out;
}

/** Distinct hues, none red: red marks errors. */
const palette = ['#3b82f6', '#10b981', '#8b5cf6', '#f59e0b', '#06b6d4', '#ec4899', '#84cc16', '#6366f1', '#14b8a6', '#f97316'];

const hash = (name: string) => {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
  return h;
};

/**
 * A colour for each service of one trace, no two alike. A service takes the palette slot its
 * name hashes to, so it keeps its colour from trace to trace; when a service earlier by name
 * holds that slot, it takes the next free one. Past the palette, hues step by the golden angle.
 * @example serviceColors(['cart', 'web']).get('web') // '#…', never the same as cart's
 */
export function serviceColors(services: readonly string[]): Map<string, string> {
  const colors = new Map<string, string>();
  const taken = new Set<number>();
  for (const name of [...new Set(services)].sort()) {
    const h = hash(name);
    const slot = Array.from({ length: palette.length }, (_, i) => (h + i) % palette.length).find((s) => !taken.has(s));
    if (slot === undefined) {
      colors.set(name, `hsl(${Math.round((h * 137.508) % 360)} 60% 45%)`);
      continue;
    }
    taken.add(slot);
    colors.set(name, palette[slot]!);
  }
  return colors;
}

/** A window around the trace for log searches: logs arrive with their own clocks, so pad it. */
export function logWindow(startUnixNano: bigint, durationNs: number, padMs = 5 * 60_000): { from: string; to: string } {
  const startMs = Number(startUnixNano / 1_000_000n);
  return { from: String(startMs - padMs), to: String(startMs + Math.ceil(durationNs / 1e6) + padMs) };
}
