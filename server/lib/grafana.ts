import { createRequire } from 'node:module';

/**
 * @grafana/data's ESM entry does not load on Node 20 (a moment-timezone named import);
 * its CommonJS build does. getValueFormat needs a navigator, which Node 20 lacks.
 */
const g = createRequire(import.meta.url)('@grafana/data') as typeof import('@grafana/data');
(globalThis as { navigator?: unknown }).navigator ??= { language: 'en-US' };

export const { dateMath, rangeUtil, toDataFrame, dataFrameToJSON, getValueFormat, FieldType } = g;
