import { didYouMean } from './did-you-mean.js';
import type { SpecSink } from './sink.js';
import type { SourceDoc } from './yaml-source.js';

/** The document's `kind` if it is one of `known`; otherwise reports it and returns undefined. */
export function kindOf<const K extends string>(src: SourceDoc, known: readonly K[], apiVersion: string, sink: SpecSink): K | undefined {
  const kind = (src.value as { kind?: unknown }).kind;
  if (typeof kind === 'string' && (known as readonly string[]).includes(kind)) return kind as K;
  const expected = `(expected one of: ${known.join(', ')})`;
  if (kind === undefined) sink.error(src, [], `missing kind for ${apiVersion} ${expected}`);
  else sink.error(src, ['kind'], `unknown kind ${JSON.stringify(kind)} for ${apiVersion}${typeof kind === 'string' ? didYouMean(kind, known) : ''} ${expected}`);
  return undefined;
}
