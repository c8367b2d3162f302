import type { SilenceMatcher } from '$shared/api';

const matcherPattern = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/;

/**
 * `service=checkout, severity=~page|ticket` → matchers, as Alertmanager's amtool writes them
 * (comma-separated; values may be quoted to hold a comma). An error names the piece it could
 * not read.
 * @example parseMatchers('service=checkout') // { matchers: [{ label: 'service', op: '=', value: 'checkout' }] }
 */
export function parseMatchers(text: string): { matchers: SilenceMatcher[] } | { error: string } {
  const matchers: SilenceMatcher[] = [];
  for (const piece of splitOutsideQuotes(text)) {
    if (piece.trim() === '') continue;
    const m = matcherPattern.exec(piece);
    if (!m) return { error: `"${piece.trim()}" is not label=value (also !=, =~, !~)` };
    const raw = m[3]!;
    const value = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
    matchers.push({ label: m[1]!, op: m[2] as SilenceMatcher['op'], value });
  }
  return { matchers };
}

function splitOutsideQuotes(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out;
}

/** `service="checkout", severity=~"page"`: matchers as the list shows them. */
export const formatMatchers = (matchers: readonly SilenceMatcher[]) => matchers.map((m) => `${m.label}${m.op}"${m.value}"`).join(', ');

/** How long a new silence lasts, the choices the form offers. */
export const silenceDurations = [
  ['1h', 3_600_000],
  ['2h', 7_200_000],
  ['4h', 14_400_000],
  ['1d', 86_400_000],
  ['1w', 604_800_000],
] as const;
