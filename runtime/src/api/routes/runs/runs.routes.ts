import { createRoute } from '@hono/zod-openapi';
import { allow } from '../../../auth/middleware.ts';
import { errorResponses } from '../../errors.ts';
import { idParamSchema, jsonResponse, runSchema } from '../../schemas.ts';

const tags = ['runs'];

export const get = createRoute({
  method: 'get',
  path: '/runs/{id}',
  tags,
  summary: 'One run: status, current node, wake-up time, attempts and last error',
  middleware: [allow('read')] as const,
  request: { params: idParamSchema },
  responses: { 200: jsonResponse(runSchema, 'The run'), ...errorResponses(401, 403, 404) },
});

export const retry = createRoute({
  method: 'post',
  path: '/runs/{id}/retry',
  tags,
  summary: 'Runs the failed step of a failed run again, now, with fresh attempts',
  middleware: [allow('journeys:operate')] as const,
  request: { params: idParamSchema },
  responses: { 200: jsonResponse(runSchema, 'The run, active again'), ...errorResponses(401, 403, 404, 409) },
});

export const skip = createRoute({
  method: 'post',
  path: '/runs/{id}/skip',
  tags,
  summary: "Skips the failed step: the run leaves the node by its first output port, or ends where there is none",
  middleware: [allow('journeys:operate')] as const,
  request: { params: idParamSchema },
  responses: { 200: jsonResponse(runSchema, 'The run after the skip'), ...errorResponses(401, 403, 404, 409) },
});
