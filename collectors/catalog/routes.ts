/**
 * POST /ingest/catalog: Backstage catalog-info.yaml as a YAML body (one file, several
 * documents), or multipart/form-data with one file per part (what `octolens import catalog`
 * sends). The files of one request are one snapshot of its `location` (query parameter,
 * default `upload`): it replaces that location's entities, other locations keep theirs.
 * Any YAML or entity error refuses the whole request (400 listing file:line:column), since a
 * partial snapshot would drop the entities of the broken file.
 */
import { Hono } from 'hono';
import { BodyTooLargeError, readBody } from '../http/read-body.js';
import { DeliveryError, deliveryErrorKinds, deliveryErrorResponse } from '../delivery/errors.js';
import type { CollectorDeps } from '../types.js';
import type { CatalogConfig } from './config.js';
import { decodeCatalogFiles, type CatalogFile } from './decode.js';
import { formatCatalogError } from './model.js';
import { countKinds, storeSnapshot } from './store.js';

const yamlTypes = new Set(['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'text/plain']);
const locationPattern = /^[\w.:/@-]{1,200}$/;

/** What a stored upload answers. */
export interface CatalogUploadAnswer {
  location: string;
  importedAt: string;
  files: number;
  entities: number;
  kinds: Record<string, number>;
  /** valid documents of kinds Octolens does not import (Location, Template…) */
  skipped: Array<{ file: string; line: number; kind: string; name: string }>;
}

async function filesOf(request: Request, raw: Buffer, fileName: string): Promise<CatalogFile[]> {
  const contentType = request.headers.get('content-type') ?? '';
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase();
  if (yamlTypes.has(type)) return [{ name: fileName, text: raw.toString('utf8') }];
  if (type === 'multipart/form-data') {
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
    } catch (err) {
      throw new DeliveryError('malformed', `invalid multipart body: ${(err as Error).message}`);
    }
    const files: CatalogFile[] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') throw new DeliveryError('malformed', `multipart field "${field}" is not a file: send each catalog file as a file part`);
      files.push({ name: value.name || field, text: await value.text() });
    }
    return files;
  }
  throw new DeliveryError('unsupported_media_type', `expected Content-Type application/yaml (or text/yaml, text/plain) or multipart/form-data, got "${contentType}"`);
}

export function catalogRoutes(config: CatalogConfig, deps: CollectorDeps, now: () => number = Date.now): Hono {
  const app = new Hono();
  app.post('/ingest/catalog', async (c) => {
    try {
      const location = c.req.query('location') ?? 'upload';
      if (!locationPattern.test(location)) throw new DeliveryError('malformed', `location: must be 1-200 letters, digits or ._:/@-, got "${location}"`);
      const source = c.req.query('source') ?? 'upload';
      if (source !== 'upload' && source !== 'cli') throw new DeliveryError('malformed', `source: expected upload or cli, got "${source}"`);
      const raw = await readBody(c.req.raw, config.maxBodyBytes, 'OCTOLENS_CATALOG_MAX_BODY_BYTES').catch((err: unknown) => {
        throw err instanceof BodyTooLargeError ? new DeliveryError('too_large', err.message) : err;
      });
      const files = await filesOf(c.req.raw, raw, c.req.query('file') ?? 'catalog-info.yaml');
      const decoded = decodeCatalogFiles(files);
      if (decoded.errors.length > 0) {
        deps.counters.refusedRequest('catalog', 'invalid_payload');
        const shown = decoded.errors.slice(0, 10).map(formatCatalogError);
        if (decoded.errors.length > 10) shown.push(`and ${decoded.errors.length - 10} more`);
        return c.json({ code: 'malformed', message: shown.join('; '), errors: decoded.errors }, 400);
      }
      const importedAtMs = now();
      await storeSnapshot(decoded.entities, { location, source, importedAtMs }, deps);
      return c.json({
        location,
        importedAt: new Date(importedAtMs).toISOString(),
        files: files.length,
        entities: decoded.entities.length,
        kinds: countKinds(decoded.entities),
        skipped: decoded.skipped,
      } satisfies CatalogUploadAnswer);
    } catch (err) {
      if (!(err instanceof DeliveryError)) throw err;
      if (!deliveryErrorKinds[err.kind].retryable && err.kind !== 'store_refused') deps.counters.refusedRequest('catalog', deliveryErrorKinds[err.kind].reason);
      return deliveryErrorResponse(err);
    }
  });
  return app;
}
