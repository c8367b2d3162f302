/**
 * The delivery rules as CTE chains over the event logs, which the rollup (server/delivery)
 * stores per target: `dfact` and `cfact` of a set of services, from their whole history,
 * then `ifact` (links.ts) of every incident over the stored ones. Every DORA read aggregates
 * those tables (../facts.ts).
 */
import type { DeriveScope } from '../scope.js';
import { commitFactsCtes } from './commits.js';
import { deploymentFactsCtes } from './deployments.js';
import { deploymentsCte, incidentsCte } from './events.js';

/** The CTEs after `WITH` that end in `dfact` and `cfact` of the scope's services. */
export const serviceFactsCtes = (q: DeriveScope) => `${deploymentsCte(q)},
${incidentsCte},
${commitFactsCtes(q)},
${deploymentFactsCtes(q)}`;

export { incidentsCte } from './events.js';
export { incidentFactsCtes } from './links.js';
