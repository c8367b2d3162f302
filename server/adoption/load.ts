import { existsSync } from 'node:fs';
import type { Logger } from '../lib/log.js';
import { DEFAULT_SCORECARDS_FILE, loadScorecards, type Scorecard } from './scorecards.js';

/**
 * The hub's scorecards: the file OCTOLENS_SCORECARDS names, which must exist and be valid
 * (a ScorecardError stops the start, naming file:line:column). The default file is the one
 * the repository ships; started elsewhere without it, the hub scores nothing and says so.
 */
export function loadHubScorecards(file: string, log: Logger): Scorecard[] {
  if (file === DEFAULT_SCORECARDS_FILE && !existsSync(file)) {
    log.warn('no scorecard file: GET /api/v1/adoption shows facts without scores', { file, explain: 'set OCTOLENS_SCORECARDS to a scorecard YAML file (scorecards/README.md)' });
    return [];
  }
  const scorecards = loadScorecards(file);
  log.info('scorecards', { file, scorecards: scorecards.map((s) => `${s.name} (${s.checks.length} checks)`).join(', ') });
  return scorecards;
}
