import { describe, expect, it } from 'vitest';
import { expandMacros, unsupportedMacros } from './sql-macros.js';
import { guardedSql } from './sql-guard.js';
import { applyVariables, bindSqlVariables, substitute, variableRefs } from './variables.js';

describe('variables', () => {
  it('substitutes $name and ${name}; a macro is not a variable', () => {
    expect(substitute('${service}-$env/$__interval_s', { service: 'pay', env: 'prod' })).toBe('pay-prod/$__interval_s');
    expect(variableRefs({ kind: 'sql', sql: "WHERE a = '$team' AND $__timeFilter(Timestamp)" })).toEqual([{ path: ['sql'], name: 'team' }]);
  });

  it('leaves out a metric filter whose variable is "All" (empty)', () => {
    const q = applyVariables({ kind: 'metric', metric: 'http.requests', filter: { 'service.name': '$service', route: '/cart' }, groupBy: [] }, { service: '' });
    expect(q).toEqual({ kind: 'metric', metric: 'http.requests', filter: { route: '/cart' }, groupBy: [] });
  });

  it('binds SQL variables as parameters, quoted or not, so a value cannot change the statement', () => {
    expect(bindSqlVariables("SELECT 1 WHERE ServiceName = '$service' OR ServiceName = ${service} OR x = $team", { service: "x' OR 1=1 --", team: 'a' })).toEqual({
      sql: 'SELECT 1 WHERE ServiceName = {var_service:String} OR ServiceName = {var_service:String} OR x = {var_team:String}',
      params: { var_service: "x' OR 1=1 --", var_team: 'a' },
    });
  });
});

describe('SQL macros and guard', () => {
  it("expands the Grafana ClickHouse data source's time macros to bound parameters", () => {
    expect(expandMacros('SELECT $__timeInterval(Timestamp) AS time, count() FROM otel_logs WHERE $__timeFilter(Timestamp) AND x > $__fromTime GROUP BY time')).toBe(
      'SELECT toStartOfInterval(Timestamp, toIntervalSecond({stepSeconds:UInt32})) AS time, count() FROM otel_logs WHERE Timestamp >= fromUnixTimestamp64Milli({fromMs:Int64}) AND Timestamp < fromUnixTimestamp64Milli({toMs:Int64}) AND x > fromUnixTimestamp64Milli({fromMs:Int64}) GROUP BY time',
    );
    expect(unsupportedMacros('SELECT $__conditionalAll(a, $x), $__timeFilter(t), $__unixEpochFilter(t)')).toEqual(['$__conditionalAll', '$__unixEpochFilter']);
  });

  it('wraps the SQL as a read-only, row-capped subquery, its end on a line of its own', () => {
    expect(guardedSql('SELECT 1 -- one;\n', 10)).toBe('SELECT * FROM (SELECT * FROM (\nSELECT 1 -- one\n) LIMIT 11 SETTINGS readonly = 1)');
  });
});
