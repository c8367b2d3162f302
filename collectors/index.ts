import { catalogCollector } from './catalog/index.js';
import { cdeventsCollector } from './cdevents/index.js';
import { eventsCollector } from './events/index.js';
import { focusCollector } from './focus/index.js';
import { githubCollector } from './github/index.js';
import { gitlabCollector } from './gitlab/index.js';
import { otlpCollector } from './otlp/index.js';
import { pagerdutyCollector } from './pagerduty/index.js';
import type { Collector } from './types.js';

/** Every collector by name: a new source adds a row here, nothing else branches on names. */
export const collectors = {
  otlp: otlpCollector,
  events: eventsCollector,
  github: githubCollector,
  gitlab: gitlabCollector,
  pagerduty: pagerdutyCollector,
  cdevents: cdeventsCollector,
  catalog: catalogCollector,
  focus: focusCollector,
} satisfies Record<string, Collector<unknown>>;

/** The same table as entries, for code that wires every collector alike (the hub, the conformance test). */
export const collectorEntries = Object.entries(collectors) as Array<[keyof typeof collectors, Collector<unknown>]>;
