/**
 * The entity envelope and the spec fields Octolens reads, after Backstage's descriptor format
 * (https://backstage.io/docs/features/software-catalog/descriptor-format). Other fields are
 * kept as read (passthrough): a catalog carries many annotations and plugin fields.
 */
import { z } from 'zod';

/** Backstage's name rule: letters, digits and [-_.] between them, at most 63 characters. */
const entityName = z
  .string()
  .max(63, 'must be at most 63 characters')
  .regex(/^[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$/, 'must be letters and digits, separated by single "-", "_" or "."');

const refText = z.string().min(1, 'must not be empty');
const refList = z.array(refText);

export const entityEnvelope = z
  .object({
    apiVersion: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must look like backstage.io/v1alpha1'),
    kind: z.string().min(1),
    metadata: z
      .object({
        name: entityName,
        namespace: entityName.optional(),
        title: z.string().optional(),
        description: z.string().optional(),
        annotations: z.record(z.string(), z.string()).optional(),
        labels: z.record(z.string(), z.string()).optional(),
        tags: z.array(z.string()).optional(),
      })
      .passthrough(),
    spec: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();

export type EntityEnvelope = z.infer<typeof entityEnvelope>;

const owned = { owner: refText, system: refText.optional() };

/** The spec fields each imported kind must or may have. */
export const specSchemas = {
  Component: z
    .object({
      type: z.string(),
      lifecycle: z.string(),
      ...owned,
      subcomponentOf: refText.optional(),
      providesApis: refList.optional(),
      consumesApis: refList.optional(),
      dependsOn: refList.optional(),
    })
    .passthrough(),
  API: z.object({ type: z.string(), lifecycle: z.string(), ...owned, definition: z.unknown().optional() }).passthrough(),
  Resource: z.object({ type: z.string(), ...owned, dependsOn: refList.optional() }).passthrough(),
  System: z.object({ owner: refText, domain: refText.optional() }).passthrough(),
  Domain: z.object({ owner: refText, subdomainOf: refText.optional() }).passthrough(),
  Group: z
    .object({ type: z.string(), parent: refText.optional(), children: refList.optional(), members: refList.optional(), profile: z.record(z.string(), z.unknown()).optional() })
    .passthrough(),
  User: z.object({ memberOf: refList.optional(), profile: z.record(z.string(), z.unknown()).optional() }).passthrough(),
} as const;
