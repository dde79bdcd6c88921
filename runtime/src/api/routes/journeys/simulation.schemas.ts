import { z } from '@hono/zod-openapi';
import { durationSchema, eventTypeSchema, journeyGraphSchema, journeySettingsSchema, recordIdSchema, tagSchema } from '@journey/nodes';
import { RUN_STATUSES } from '@journey/db';

/** Sample contacts and events one dry run takes at most. */
export const SIMULATION_LIMITS = { contacts: 20, events: 200, horizonDays: 366 } as const;

const sampleContactSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('stored').meta({ description: 'A contact from the store, read as the runtime reads it (tags, memberships, balance, offers)' }),
      contactId: recordIdSchema,
    }),
    z.strictObject({
      kind: z.literal('described').meta({ description: 'A contact described here; nothing about it is stored' }),
      contactId: recordIdSchema,
      name: z.string().trim().max(200).optional(),
      tags: z.array(tagSchema).max(100).default([]),
      attributes: z.record(z.string().max(200), z.unknown()).default({}),
    }),
  ])
  .openapi('SampleContact');

const sampleEventSchema = z
  .strictObject({
    contactId: recordIdSchema.meta({ description: 'One of the sample contacts' }),
    type: eventTypeSchema,
    properties: z.record(z.string().max(200), z.unknown()).default({}),
    after: durationSchema.prefault({}).meta({ description: 'When the contact sends it, counted from the start' }),
  })
  .openapi('SampleEvent');

const horizonSchema = durationSchema
  .refine((d) => ((d.days * 24 + d.hours) * 60 + d.minutes) * 60 + d.seconds <= SIMULATION_LIMITS.horizonDays * 86_400, {
    message: `At most ${SIMULATION_LIMITS.horizonDays} days`,
  })
  .prefault({ days: 30 });

export const simulationRequestSchema = z
  .strictObject({
    contacts: z.array(sampleContactSchema).min(1).max(SIMULATION_LIMITS.contacts),
    events: z.array(sampleEventSchema).max(SIMULATION_LIMITS.events).default([]),
    graph: journeyGraphSchema.optional().meta({ description: "The graph to simulate; default the journey's draft" }),
    settings: journeySettingsSchema.optional().meta({ description: "Default the journey's settings" }),
    start: z.iso.datetime({ offset: true }).optional().meta({ description: 'Where the fake clock starts; default now' }),
    horizon: horizonSchema.meta({ description: 'How long the clock runs (default 30 days); runs still waiting then show as waiting' }),
  })
  .openapi('SimulationRequest');

const simulatedRunSchema = z
  .strictObject({
    entry: z.strictObject({
      nodeId: z.string(),
      at: z.string(),
      by: z.enum(['event', 'enroll']),
      eventType: z.string().nullable(),
      source: z.string().nullable(),
    }),
    status: z.enum(RUN_STATUSES).meta({ description: '`waiting`: still waiting at the horizon, at `nodeId` until `wakeAt` (or for `waitingFor`)' }),
    nodeId: z.string(),
    wakeAt: z.string().nullable(),
    waitingFor: z.string().nullable(),
    endedAt: z.string().nullable(),
    error: z.string().nullable(),
    steps: z.array(
      z.strictObject({
        nodeId: z.string(),
        nodeType: z.string(),
        at: z.string(),
        outcome: z.string(),
        port: z.string().nullable(),
        error: z.string().nullable(),
      }),
    ),
    messages: z.array(z.strictObject({ nodeId: z.string(), at: z.string(), channel: z.string(), title: z.string(), body: z.string() })),
    waits: z.array(
      z.strictObject({ nodeId: z.string(), at: z.string(), until: z.string().nullable(), event: z.string().nullable(), reason: z.enum(['wait', 'retry']) }),
    ),
    effects: z.array(z.strictObject({ nodeId: z.string(), at: z.string(), kind: z.string(), detail: z.record(z.string(), z.unknown()) })),
  })
  .openapi('SimulatedRun');

export const simulationSchema = z
  .strictObject({
    start: z.string(),
    horizon: z.string(),
    contacts: z.array(z.strictObject({ contactId: z.string(), name: z.string().nullable(), tags: z.array(z.string()), runs: z.array(simulatedRunSchema) })),
  })
  .openapi('Simulation');
