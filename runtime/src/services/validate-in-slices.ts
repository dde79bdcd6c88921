import { validateGraphInSteps, type GraphValidation, type NodeRegistry } from '@journey/nodes';
import { loopTurns } from '../queue/loop-turns.ts';

/** Milliseconds of validation between two turns of the event loop. */
const SLICE_MS = 10;

/**
 * `validateGraph` for request handlers: it starts on a turn of its own (not right after the body was
 * parsed) and runs its passes in slices of about 10 ms with a turn of the event loop between them, so
 * validating the largest graph the limits allow does not hold up the requests that arrive meanwhile.
 *
 * @example
 * ```ts
 * const { valid, problems } = await validateGraphInSlices(body.graph, registry);
 * ```
 */
export async function validateGraphInSlices(
  input: unknown,
  registry: NodeRegistry,
  { sliceMs = SLICE_MS }: { sliceMs?: number } = {},
): Promise<GraphValidation> {
  await loopTurns.next();
  const steps = validateGraphInSteps(input, registry);
  let sliceStarted = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStarted >= sliceMs) {
      await loopTurns.next();
      sliceStarted = performance.now();
    }
  }
}
