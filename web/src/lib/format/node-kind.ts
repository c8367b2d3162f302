import type { DependencyNodeKind } from '$shared/api';

/** What the map and the service page's dependency tables call each kind of node. */
export const nodeKindLabels: Record<DependencyNodeKind, string> = {
  service: 'service',
  database: 'database',
  messaging: 'message queue',
  external: 'external host',
};
