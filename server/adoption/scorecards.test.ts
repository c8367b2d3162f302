import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adoptionFactNames, type AdoptionFacts } from '../../shared/adoption.js';
import { checkResult, formatProblem, loadScorecards, parseScorecards, rollUpScores, ScorecardError, scoreService } from './scorecards.js';

const facts = (over: Partial<AdoptionFacts> = {}): AdoptionFacts => ({ ...(Object.fromEntries(adoptionFactNames.map((f) => [f, false])) as AdoptionFacts), ...over });

const file = `apiVersion: octolens/v1
kind: Scorecards
scorecards:
  - name: readiness
    levels: [bronze, silver, gold]
    checks:
      - id: owned
        level: bronze
        fact: ownedByGroup
      - id: telemetry
        title: Full telemetry
        level: silver
        allOf: [sendsTraces, sendsLogs, sendsMetrics]
      - id: any-signal
        level: silver
        anyOf: [sendsTraces, sendsLogs]
      - id: cost
        level: gold
        fact: hasCost
`;

describe('scorecard files', () => {
  it('reads checks, levels and where each scorecard is defined', () => {
    const { scorecards, problems } = parseScorecards(file, 'sc.yaml');
    expect(problems).toEqual([]);
    expect(scorecards).toEqual([
      {
        name: 'readiness', title: 'readiness', levels: ['bronze', 'silver', 'gold'], source: 'sc.yaml:4',
        checks: [
          { id: 'owned', title: 'owned', level: 'bronze', facts: ['ownedByGroup'], match: 'all' },
          { id: 'telemetry', title: 'Full telemetry', level: 'silver', facts: ['sendsTraces', 'sendsLogs', 'sendsMetrics'], match: 'all' },
          { id: 'any-signal', title: 'any-signal', level: 'silver', facts: ['sendsTraces', 'sendsLogs'], match: 'any' },
          { id: 'cost', title: 'cost', level: 'gold', facts: ['hasCost'], match: 'all' },
        ],
      },
    ]);
  });

  it.each([
    ['an unknown fact, at its line', file.replace('fact: hasCost', 'fact: hasCosts'), [`sc.yaml:19:15: scorecards[0].checks[3].fact: unknown fact "hasCosts" (expected one of: ${adoptionFactNames.join(', ')})`]],
    ['an unknown level', file.replace('level: gold\n', 'level: platinum\n'), ['sc.yaml:18:16: scorecards[0].checks[3].level: unknown level "platinum" (expected one of: bronze, silver, gold)', 'sc.yaml:5:30: scorecards[0].levels[2]: level "gold" has no check']],
    ['a typo in a key, at its line', file.replace('allOf:', 'alOf:'), ['sc.yaml:13:15: scorecards[0].checks[1].alOf: unknown key "alOf"']],
    ['a check with two conditions', file.replace('fact: ownedByGroup', 'fact: ownedByGroup\n        anyOf: [hasSlo]'), ['sc.yaml:7:9: scorecards[0].checks[0]: a check needs exactly one of fact, allOf, anyOf (got fact, anyOf)']],
    ['a duplicate check id', file.replace('id: cost', 'id: owned'), ['sc.yaml:17:13: scorecards[0].checks[3].id: check "owned" is defined twice in scorecard "readiness"']],
    ['a missing field, at its object', file.replace('kind: Scorecards\n', ''), ['sc.yaml:1:1: kind: Invalid input: expected "Scorecards"']],
    ['YAML syntax, at the error', file.replace('levels: [bronze, silver, gold]', 'levels: [bronze, silver'), ['sc.yaml:6:5: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]']],
  ])('refuses %s with file:line:column', (_what, text, expected) => {
    const { scorecards, problems } = parseScorecards(text, 'sc.yaml');
    expect(scorecards).toEqual([]);
    expect(problems.map(formatProblem)).toEqual(expected);
  });

  it('loads the shipped default file', () => {
    const [sc] = loadScorecards(join(import.meta.dirname, '../../scorecards/default.yaml'));
    expect(sc!.name).toBe('production-readiness');
    expect(sc!.levels).toEqual(['bronze', 'silver', 'gold']);
    expect(sc!.checks.map((c) => `${c.level}:${c.id}`)).toEqual([
      'bronze:owned-by-group', 'bronze:described', 'silver:full-telemetry', 'silver:deploys-reported', 'gold:slo', 'gold:runbook', 'gold:golden-path', 'gold:cost-allocated',
    ]);
  });

  it('throws one error naming a file it cannot read', () => {
    expect(() => loadScorecards('/nonexistent/sc.yaml')).toThrow(ScorecardError);
    expect(() => loadScorecards('/nonexistent/sc.yaml')).toThrow('/nonexistent/sc.yaml:0:0: cannot read the scorecard file: ENOENT');
  });
});

describe('scoring', () => {
  const [sc] = parseScorecards(file, 'sc.yaml').scorecards;

  it.each([
    ['all', [true, true], 'pass'], ['all', [true, false], 'fail'], ['all', [true, 'unknown'], 'unknown'], ['all', [false, 'unknown'], 'fail'],
    ['any', [false, true], 'pass'], ['any', [false, false], 'fail'], ['any', [false, 'unknown'], 'unknown'], ['any', ['unknown', true], 'pass'],
  ] as const)('%s of %j is %s', (match, values, expected) => {
    expect(checkResult({ match, facts: ['sendsTraces', 'sendsLogs'] }, facts({ sendsTraces: values[0], sendsLogs: values[1] }))).toBe(expected);
  });

  it('gives the highest level whose checks and every lower level pass; unknown is no pass', () => {
    // owned ✓, telemetry ✓, any-signal ✓, cost unknown → silver, 3 of 4 passed
    const silver = scoreService(sc!, facts({ ownedByGroup: true, sendsTraces: true, sendsLogs: true, sendsMetrics: true, hasCost: 'unknown' }));
    expect(silver).toEqual({
      scorecard: 'readiness', level: 'silver', passed: 3, checks: 4, score: 75,
      results: [
        { check: 'owned', level: 'bronze', result: 'pass' },
        { check: 'telemetry', level: 'silver', result: 'pass' },
        { check: 'any-signal', level: 'silver', result: 'pass' },
        { check: 'cost', level: 'gold', result: 'unknown' },
      ],
    });
    // not owned: no level, even with gold's check passing (1 of 4: cost)
    expect(scoreService(sc!, facts({ hasCost: true }))).toMatchObject({ level: null, passed: 1, score: 25 });
    // bronze only: owned, traces but no logs/metrics → telemetry fails, any-signal passes (2 of 4)
    expect(scoreService(sc!, facts({ ownedByGroup: true, sendsTraces: true }))).toMatchObject({ level: 'bronze', passed: 2, score: 50 });
    const gold = scoreService(sc!, facts({ ownedByGroup: true, sendsTraces: true, sendsLogs: true, sendsMetrics: true, hasCost: true }));
    expect(gold).toMatchObject({ level: 'gold', passed: 4, score: 100 });
    // mean of 75, 25, 100 = 66.7; one each of none, silver, gold
    const none = scoreService(sc!, facts({ hasCost: true }));
    expect(rollUpScores(sc!, [silver, none, gold])).toEqual({ scorecard: 'readiness', averageScore: 66.7, levels: { none: 1, bronze: 0, silver: 1, gold: 1 } });
    expect(rollUpScores(sc!, [])).toEqual({ scorecard: 'readiness', averageScore: 0, levels: { none: 0, bronze: 0, silver: 0, gold: 0 } });
  });
});
