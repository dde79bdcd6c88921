/**
 * `@journey/sdk/testing`: test a node on its own with `runNode`, or inside a journey with `runJourney`
 * (the runtime's own engine, in memory, on a fake clock).
 *
 * @example
 * ```ts
 * import { runJourney, runNode } from '@journey/sdk/testing';
 *
 * expect(await runNode(awardPoints, { config: { points: 50 } })).toMatchObject({ type: 'next', port: 'out' });
 * const result = await runJourney(graph, { nodes: [awardPoints], events: [{ contactId: 'c1', type: 'contact.acquired' }] });
 * expect(result.runOf('c1')?.status).toBe('completed');
 * ```
 */
export * from '@journey/nodes/testing';
