import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderPrometheusRules } from './operator.js';
import { compilePrometheusRules, plainRuleFile, renderRuleFile } from './prometheus.js';
import { emitYaml, type YamlValue } from './yaml-emit.js';
import { allFixtures, slothGettingStarted } from './testdata/slos.js';

const tricky = [
  '',
  ' leading space',
  'trailing space ',
  'yes',
  'On',
  'n',
  'null',
  '~',
  '1',
  '1.0',
  '1_000',
  '0x1f',
  '1:20',
  '5m',
  '1h30m',
  '4w',
  '1e5',
  '0b1',
  '0o7',
  '1d2',
  '.5',
  '-1',
  '+1',
  '.inf',
  '2001-12-14',
  'a: b',
  'a #b',
  'a#b',
  'key:',
  '- item',
  '? x',
  '[x]',
  '{x}',
  '{{$labels.sloth_service}} burns',
  '(page) {{$labels.x}}',
  '#alerts-myteam',
  '@x',
  '`x`',
  "it's",
  '"quoted"',
  '*alias',
  '&anchor',
  '!tag',
  '%x',
  '|x',
  '>x',
  '<<',
  '=',
  'tab\there',
  'line\nbreak',
  'ends with newline\n',
  'two newlines\n\n',
  '  indented\nfirst line',
  'line\n\n\nwith blanks',
  'crlf\r\nline',
  'unicode é ✓',
  'sep\u2028arator',
  'nul\u0000byte',
  'del\u007f',
  'bom\ufeff',
  'http://x/y?z=1&a=b',
  'sum(rate(x{a="b"}[5m])) > (14.4 * 0.001)',
];

describe('emitYaml', () => {
  it.each(['1.1', '1.2'] as const)('reads back every tricky string unchanged under YAML %s', (version) => {
    const value: YamlValue = { labels: Object.fromEntries(tricky.map((s, i) => [`k${i}`, s])), list: tricky, keys: Object.fromEntries(tricky.filter(Boolean).map((s) => [s, 'v'])) };
    expect(parse(emitYaml(value), { version })).toEqual(value);
  });

  it('writes multi-line expressions as literal blocks and comments above sequence items', () => {
    const item = { record: 'r', expr: 'a\n/\nb' };
    const comments = new WeakMap<object, string>([[item, 'why\nbecause']]);
    expect(emitYaml({ rules: [item], empty: [], none: {} }, comments, 'header')).toBe(
      ['# header', '', 'rules:', '  # why', '  # because', '  - record: r', '    expr: |-', '      a', '      /', '      b', 'empty: []', 'none: {}', ''].join('\n'),
    );
  });

  it.each(['1.1', '1.2'] as const)('renders every compiled fixture so that YAML %s reads back the same rules', (version) => {
    const file = compilePrometheusRules(allFixtures());
    expect(parse(renderRuleFile(file), { version })).toEqual(JSON.parse(JSON.stringify(plainRuleFile(file))));
    const [doc] = parseAllDocuments(renderPrometheusRules(file), { version });
    expect(doc!.toJS().spec).toEqual(JSON.parse(JSON.stringify(plainRuleFile(file))));
  });

  it('keeps label values that look like other types strings', () => {
    const slo = slothGettingStarted();
    slo.labels = { tier: '2', critical: 'yes', ratio: '0.5' };
    const text = renderRuleFile(compilePrometheusRules([slo]));
    expect(text).toContain("tier: '2'");
    expect(text).toContain("critical: 'yes'");
    expect(text).toContain("ratio: '0.5'");
  });
});
