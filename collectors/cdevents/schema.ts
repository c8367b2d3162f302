/**
 * CDEvents payloads (the CloudEvent's data), only the fields Octolens reads, per the CDEvents
 * spec v0.4 (schemas/*.json) and accepting v0.3's: `context` (id, source, type, timestamp)
 * and `subject` (id, source, content). Not strict: producers add fields, and customData is
 * theirs.
 */
import { z } from 'zod';

const rfc3339 = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));
const text = z.string().min(1);
/** a reference to another subject: `{ "id": "production", "source": "/iaas/geo1" }` */
const reference = z.object({ id: text, source: z.string().optional() });

const context = z.object({
  id: text,
  source: text,
  type: text,
  // the time of the occurrence (CDEvents spec, context.timestamp); CloudEvents `time` MUST equal it
  timestamp: rfc3339,
});

/** service.deployed / .upgraded / .rolledback: artifactId and environment are required by the spec. */
export const serviceEvent = z.object({
  context,
  subject: z.object({
    id: text,
    content: z.object({ environment: reference, artifactId: text }),
  }),
});

/** change.created / .merged: the spec's change has an id and, optionally, its repository. */
export const changeEvent = z.object({
  context,
  subject: z.object({
    id: text,
    content: z.object({ repository: reference.optional() }).default({}),
  }),
});

/** incident.detected / .reported / .resolved */
export const incidentEvent = z.object({
  context,
  subject: z.object({
    id: text,
    content: z.object({
      description: z.string().default(''),
      environment: reference,
      service: reference.optional(),
      artifactId: text.optional(),
      // incident.reported only: the ticket that reported it
      ticketURI: z.string().optional(),
    }),
  }),
  // free-form (spec: customData); a producer's `severity`, when it sends one as text, is kept
  customData: z.unknown().optional(),
});

export type ServiceEvent = z.infer<typeof serviceEvent>;
export type ChangeEvent = z.infer<typeof changeEvent>;
export type IncidentEvent = z.infer<typeof incidentEvent>;
