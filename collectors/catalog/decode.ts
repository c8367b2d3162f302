/**
 * catalog-info.yaml files → entities, or errors naming file:line:column. Every document of a
 * file is an entity (Backstage's multi-document files); empty documents are skipped. Lines
 * come from the `yaml` package's LineCounter: a syntax error at its position, a wrong field
 * at the node of that field (or of its nearest parent that exists).
 */
import { isScalar, LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { CatalogEntity, CatalogError, SkippedEntity } from './model.js';
import { toEntity, type PathSegment } from './normalise.js';

export interface CatalogFile {
  /** as shown in errors: relative to the imported directory, or the uploaded file's name */
  name: string;
  text: string;
}

export interface DecodedCatalog {
  entities: CatalogEntity[];
  errors: CatalogError[];
  skipped: SkippedEntity[];
}

/** Where a field path points in a document: its node's start, else its nearest existing parent's. */
function locate(doc: Document.Parsed, lineCounter: LineCounter, path: PathSegment[]): { line: number; col: number } {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return lineCounter.linePos(range[0]);
  }
  return lineCounter.linePos(doc.range[0]);
}

const pathText = (path: PathSegment[]) => path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

/** Parses one file's documents; entities keep the line of their document's first content. */
export function decodeCatalogFile(file: CatalogFile): DecodedCatalog {
  const lineCounter = new LineCounter();
  const out: DecodedCatalog = { entities: [], errors: [], skipped: [] };
  for (const doc of parseAllDocuments(file.text, { lineCounter, prettyErrors: false })) {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        const { line, col } = lineCounter.linePos(e.pos[0]);
        out.errors.push({ file: file.name, line, column: col, message: `invalid YAML: ${e.message.split('\n', 1)[0]}` });
      }
      continue;
    }
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) continue;
    const start = locate(doc, lineCounter, []);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      out.errors.push({ file: file.name, line: start.line, column: start.col, message: `invalid YAML: ${(err as Error).message}` });
      continue;
    }
    const result = toEntity(value, { file: file.name, line: start.line });
    if (result.ok === true) out.entities.push(result.entity);
    else if (result.ok === 'skipped') out.skipped.push({ file: file.name, line: start.line, kind: result.kind, name: result.name });
    else {
      for (const issue of result.issues) {
        const { line, col } = locate(doc, lineCounter, issue.path);
        out.errors.push({ file: file.name, line, column: col, message: `${pathText(issue.path) || '(document)'}: ${issue.message}` });
      }
    }
  }
  return out;
}

/**
 * Every file of one snapshot. An entity defined twice (same kind, namespace and name) is an
 * error at its second definition, as Backstage refuses the conflict.
 */
export function decodeCatalogFiles(files: readonly CatalogFile[]): DecodedCatalog {
  const out: DecodedCatalog = { entities: [], errors: [], skipped: [] };
  const seen = new Map<string, CatalogEntity>();
  for (const file of files) {
    const decoded = decodeCatalogFile(file);
    out.errors.push(...decoded.errors);
    out.skipped.push(...decoded.skipped);
    for (const entity of decoded.entities) {
      const first = seen.get(entity.ref);
      if (first) {
        out.errors.push({ file: entity.file, line: entity.line, column: 1, message: `${entity.ref} is already defined at ${first.file}:${first.line}` });
        continue;
      }
      seen.set(entity.ref, entity);
      out.entities.push(entity);
    }
  }
  return out;
}
