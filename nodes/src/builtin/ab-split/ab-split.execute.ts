import { createHash } from 'node:crypto';
import { defineExecutor } from '../../sdk.ts';
import { abSplitSpec } from './ab-split.spec.ts';

/** A point in [0, 1) fixed for a contact at a node: SHA-256 of both ids, first 48 bits. */
function splitPoint(contactId: string, nodeId: string): number {
  return createHash('sha256').update(`${contactId}\u0000${nodeId}`).digest().readUIntBE(0, 6) / 2 ** 48;
}

/**
 * Leaves by a variant chosen with probability weight / total weight. The choice is a function of the
 * contact and the node only, so a retried step, a re-entry or a re-delivered job takes the same branch.
 */
export const abSplitExecutor = defineExecutor(abSplitSpec, {
  execute: ({ config, contact, node }) => {
    const total = config.variants.reduce((sum, v) => sum + v.weight, 0);
    let point = splitPoint(contact.id, node.id) * total;
    const chosen = config.variants.find((v) => v.weight > 0 && (point -= v.weight) < 0);
    // Rounding can leave the point a hair past the last weight: that is the last weighted variant.
    const variant = chosen ?? config.variants.findLast((v) => v.weight > 0)!;
    return { type: 'next', port: variant.key };
  },
});
