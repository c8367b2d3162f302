import { describe, expect, it } from 'vitest';
import { dedent } from './testing.js';
import { formatPath, locate, parseYamlFile, writtenPath } from './yaml-source.js';

const text = dedent`
  apiVersion: octolens/v1
  kind: SLO
  sli:
    spans:
      total: {kind: server}
  groupBy:
    - http.route
  ---
  # a comment-only document is skipped
  ---
  defaults: &d {objective: 99}
  slo: *d
`;

describe('yaml-source', () => {
  const { docs, errors } = parseYamlFile('a.yaml', text);
  const [first, second] = docs;

  it('splits documents and skips empty ones', () => {
    expect(errors).toEqual([]);
    expect(docs.map((d) => d.index)).toEqual([0, 2]);
    expect(second!.value).toEqual({ defaults: { objective: 99 }, slo: { objective: 99 } });
  });

  it.each([
    [[], 'value', { line: 1, column: 1 }],
    [['kind'], 'value', { line: 2, column: 7 }],
    [['kind'], 'key', { line: 2, column: 1 }],
    [['sli', 'spans', 'total', 'kind'], 'value', { line: 5, column: 19 }],
    [['sli', 'spans'], 'value', { line: 4, column: 3 }],
    [['sli', 'spans', 'good'], 'value', { line: 4, column: 3 }],
    [['groupBy', 0], 'value', { line: 7, column: 5 }],
    [['groupBy', 3], 'value', { line: 6, column: 1 }],
    [['missing', 'deeper'], 'value', { line: 1, column: 1 }],
  ] as const)('%j (%s) is at %j', (path, at, position) => {
    expect(locate(first!, path, at)).toEqual(position);
  });

  it('follows aliases', () => {
    expect(locate(second!, ['slo', 'objective'])).toEqual({ line: 11, column: 26 });
  });

  it('drops the [0] of a single value read as a list', () => {
    expect(writtenPath(first!, ['sli', 'spans', 'total', 'kind', 0])).toEqual(['sli', 'spans', 'total', 'kind']);
    expect(writtenPath(first!, ['groupBy', 0])).toEqual(['groupBy', 0]);
  });

  it('prints paths as users read them', () => {
    expect(formatPath(['spec', 'slos', 0, 'objective'])).toBe('spec.slos[0].objective');
    expect(formatPath(['alerting', 'tiers', 'page-fast'])).toBe('alerting.tiers.page-fast');
    expect(formatPath(['attributes', 'http.route'])).toBe('attributes["http.route"]');
  });

  it('reports syntax errors with their place', () => {
    expect(parseYamlFile('b.yaml', 'a: 1\nb: [1, 2\n').errors).toMatchObject([{ file: 'b.yaml', line: 3, path: '', message: expect.stringMatching(/^invalid YAML: /) }]);
  });
});
