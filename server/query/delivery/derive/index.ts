/**
 * The delivery rules as one CTE chain over the event logs: `dfact`, `cfact` and `ifact`, the
 * facts every DORA figure aggregates. The rollup (server/delivery) stores them per service for
 * production; a request for another environment derives them here at request time.
 */
import type { DeriveScope } from '../scope.js';
import { commitFactsCtes } from './commits.js';
import { deploymentFactsCtes } from './deployments.js';
import { deploymentsCte, incidentsCte } from './events.js';
import { incidentFactsCtes } from './links.js';

/** The CTEs after `WITH`: the scope's deployments and commits, every incident, and their links. */
export const derivedFactsCtes = (q: DeriveScope) => `${deploymentsCte(q)},
${incidentsCte},
${commitFactsCtes(q)},
${deploymentFactsCtes(q)},
${incidentFactsCtes}`;

export { incidentsCte } from './events.js';
export { incidentFactsCtes } from './links.js';
