import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { SpecError } from './errors.js';

/** One YAML document of a spec file, with what is needed to point back into it. */
export interface SourceDoc {
  /** relative to the spec directory */
  file: string;
  /** 0-based position of the document in its file */
  index: number;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** the document as plain JS */
  value: unknown;
}

export type PathSegment = string | number;

export interface Position {
  line: number;
  column: number;
}

/**
 * Splits a file into its documents. Documents with syntax errors are left out and their
 * errors returned; empty documents (a stray `---`, comments only) are skipped.
 */
export function parseYamlFile(file: string, text: string): { docs: SourceDoc[]; errors: SpecError[] } {
  const lineCounter = new LineCounter();
  const parsed = Array.from(parseAllDocuments(text, { lineCounter, prettyErrors: false }));
  const docs: SourceDoc[] = [];
  const errors: SpecError[] = [];
  parsed.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        const { line, col } = lineCounter.linePos(e.pos[0]);
        errors.push({ file, line, column: col, path: '', message: `invalid YAML: ${e.message}` });
      }
      return;
    }
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      // an alias expanding without bound (a "billion laughs" document)
      const { line, col } = lineCounter.linePos(doc.range[0]);
      errors.push({ file, line, column: col, path: '', message: `invalid YAML: ${(err as Error).message}` });
      return;
    }
    docs.push({ file, index, doc, lineCounter, value });
  });
  return { docs, errors };
}

/**
 * Where a field path points in the document: the value's node, or with `at: 'key'` the
 * key's node (for unknown fields). A path that leaves the document (a missing field)
 * points at the key of its nearest existing parent, or the document's first line.
 */
export function locate(src: SourceDoc, path: readonly PathSegment[], at: 'value' | 'key' = 'value'): Position {
  let node: unknown = src.doc.contents;
  let spot: unknown = node;
  for (let i = 0; i < path.length; i++) {
    if (isAlias(node)) node = node.resolve(src.doc);
    const segment = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(segment));
      if (!pair) break;
      const value = isAlias(pair.value) ? pair.value.resolve(src.doc) : pair.value;
      // A key is the spot for: an unknown field, a missing child of this field, and a whole
      // map or list that is wrong as a whole (its key reads better than its first entry).
      spot = (last && at === 'key') || !last || value === null || isMap(value) || isSeq(value) ? pair.key : value;
      if ((last && at === 'key') || value === null) break;
      node = value;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
      node = node.items[segment];
      spot = node;
    } else if (isScalar(node) && segment === 0) {
      spot = node; // a single value read as a one-item list
    } else {
      break;
    }
  }
  return position(src, spot);
}

/**
 * The path as the user wrote it: a single value that the schema read as a one-item list
 * (`kind: server` for `kind: [server]`) loses the `[0]` the schema added.
 */
export function writtenPath(src: SourceDoc, path: readonly PathSegment[]): PathSegment[] {
  let node: unknown = src.doc.contents;
  const out: PathSegment[] = [];
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(src.doc);
    if (isScalar(node) && segment === 0) continue;
    out.push(segment);
    if (isMap(node)) node = node.items.find((p) => isPair(p) && keyText(p.key) === String(segment))?.value;
    else if (isSeq(node) && typeof segment === 'number') node = node.items[segment];
    else node = undefined;
  }
  return out;
}

function position(src: SourceDoc, node: unknown): Position {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  const { line, col } = src.lineCounter.linePos(range?.[0] ?? 0);
  return { line, column: col };
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

/**
 * A field path as users read it.
 * @example formatPath(['spec', 'slos', 0, 'objective']) // "spec.slos[0].objective"
 */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
