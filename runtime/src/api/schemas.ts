import { z } from '@hono/zod-openapi';
import { JOURNEY_STATUSES, MESSAGE_PRIORITIES, MESSAGE_STATUSES, PAUSED_ENTRIES, ROLES, RUN_STATUSES } from '@journey/db';
import { journeyGraphSchema, journeySettingsSchema, recordIdSchema } from '@journey/nodes';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../auth/password.ts';

/** Schemas more than one API module answers with. */

export const idParamSchema = z.strictObject({
  id: recordIdSchema.meta({ param: { name: 'id', in: 'path' }, example: 'jrn_01JD2X…' }),
});

const localizedSchema = z.strictObject({ 'zh-CN': z.string(), en: z.string() });

export const graphProblemSchema = z
  .strictObject({
    code: z.string(),
    nodeId: z.string().optional(),
    edgeId: z.string().optional(),
    path: z.array(z.union([z.string(), z.number()])),
    message: localizedSchema,
    /** `warning`: publishable (shown before publishing); absent or `error`: publishing is refused. */
    severity: z.enum(['error', 'warning']).optional(),
  })
  .openapi('GraphProblem');

export const journeySchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    status: z.enum(JOURNEY_STATUSES),
    graph: journeyGraphSchema,
    settings: journeySettingsSchema,
    publishedVersion: z.number().int().nullable(),
    /** While paused: `queue` (contacts who arrive enter on resume) or `skip`; null when not paused. */
    pausedEntries: z.enum(PAUSED_ENTRIES).nullable(),
    revision: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Journey');

export const runSchema = z
  .strictObject({
    id: z.string(),
    journeyId: z.string(),
    version: z.number().int(),
    contactId: z.string(),
    status: z.enum(RUN_STATUSES),
    nodeId: z.string(),
    wakeAt: z.string().nullable(),
    waitingFor: z.string().nullable(),
    attempts: z.number().int(),
    error: z.string().nullable(),
    context: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    updatedAt: z.string(),
    endedAt: z.string().nullable(),
    held: z
      .strictObject({
        reason: z.string().openapi({ description: 'Why it is held: `frequency_cap.workspace`, `frequency_cap.journey`, `frequency_cap.carrier` (a carrier\'s own limit, e.g. WeCom\'s monthly mass messages), `quiet_hours`, or a plugin\'s code' }),
        until: z.string().openapi({ description: 'When it will go (its `wakeAt`)' }),
      })
      .nullable()
      .openapi({ description: 'Set while the run waits at its node only because a rule (a frequency cap, quiet hours) holds its message' }),
  })
  .openapi('Run');

export const messageSchema = z
  .strictObject({
    id: z.string(),
    runId: z.string(),
    journeyId: z.string(),
    contactId: z.string(),
    nodeId: z.string(),
    kind: z.enum(['message', 'call']).openapi({ description: '`message`: rendered for a person; `call`: a plugin node\'s outside call (its payload JSON in `body`)' }),
    channel: z.string(),
    title: z.string(),
    body: z.string(),
    priority: z.enum(MESSAGE_PRIORITIES).openapi({ description: '`marketing` counts toward frequency caps; `transactional` passes them and counts toward none' }),
    status: z.enum(MESSAGE_STATUSES),
    idempotencyKey: z.string(),
    attempts: z.number().int(),
    error: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .openapi('Message');

export const userSchema = z
  .strictObject({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    locale: z.string(),
    disabled: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('User');

/** A password a person sets: at least 8 characters (a too short one is a 400 naming the field). */
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH)
  .max(PASSWORD_MAX_LENGTH)
  .openapi({ description: `At least ${PASSWORD_MIN_LENGTH} characters` });

/** A JSON request body, required (so a missing or non-JSON body is a 400, not an empty object). */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } } as const;
}

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } } as const;
}
