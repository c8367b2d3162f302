import { businessCollector } from './business/index.js';
import { catalogCollector } from './catalog/index.js';
import { cdeventsCollector } from './cdevents/index.js';
import { eventsCollector } from './events/index.js';
import { focusCollector } from './focus/index.js';
import { opencostCollector } from './opencost/index.js';
import { githubCollector } from './github/index.js';
import { gitlabCollector } from './gitlab/index.js';
import { otlpCollector } from './otlp/index.js';
import { pagerdutyCollector } from './pagerduty/index.js';
import { prometheusCollector } from './prometheus/index.js';
import type { Collector } from './types.js';

/** Every collector by name: a new source adds a row here, nothing else branches on names. */
export const collectors = {
  otlp: otlpCollector,
  prometheus: prometheusCollector,
  events: eventsCollector,
  business: businessCollector,
  github: githubCollector,
  gitlab: gitlabCollector,
  pagerduty: pagerdutyCollector,
  cdevents: cdeventsCollector,
  catalog: catalogCollector,
  focus: focusCollector,
  opencost: opencostCollector,
} satisfies Record<string, Collector<unknown>>;

/** The same table as entries, for code that wires every collector alike (the hub, the conformance test). */
export const collectorEntries = Object.entries(collectors) as Array<[keyof typeof collectors, Collector<unknown>]>;
