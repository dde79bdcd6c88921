import { createHash, randomInt } from 'node:crypto';
import { defineExecutor, durationMs, renderTemplate, type Effect, type Outcome } from '@journey/sdk';
import { groupBuySpec } from './group-buy.spec.ts';

/** The event the group page sends for the leader when a friend joins: `{ group, member }`. */
export const GROUP_JOINED_EVENT = 'group_buy.joined';

/** What the run keeps about its group (`{{groupBuy.link}}` in templates). */
export interface GroupState {
  code: string;
  link: string;
  needed: number;
  /** Contact ids of the friends who joined, in order. */
  members: string[];
  deadline: number;
}

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The code of the group a run opens at a node: derived from both, so a retried step opens the same group.
 *
 * @example groupCodeFor('run_1', 'group') // "Q8ZD4MWN" (always the same)
 */
export function groupCodeFor(runId: string, nodeId: string): string {
  const digest = createHash('sha256').update(`group-buy:${runId}:${nodeId}`).digest();
  return Array.from(digest.subarray(0, 8), (byte) => ALPHABET[byte % ALPHABET.length]).join('');
}

/** The link friends join through: the group page with the group code and the leader. */
export function groupLink(page: string, code: string, leader: string): string {
  const url = new URL(page);
  url.searchParams.set('group', code);
  url.searchParams.set('leader', leader);
  return url.toString();
}

/**
 * Opens the group (the link goes out in a message) and waits for joins until the deadline. Each join
 * of a new friend (not the leader, not twice) is counted; when enough have joined the reward is issued
 * with the step and the run leaves by `formed`; the deadline sends it out by `failed`.
 */
export const groupBuyExecutor = defineExecutor(groupBuySpec, {
  execute: ({ config, contact, run, node, now, resume, event }): Outcome<'formed' | 'failed'> => {
    if (!resume) {
      const code = groupCodeFor(run.id, node.id);
      const group: GroupState = { code, link: groupLink(config.landingUrl, code, contact.id), needed: config.friends, members: [], deadline: now + durationMs(config.timeout) };
      // The group joins the context with this step, so the message renders against it here.
      const body = renderTemplate(config.template, { ...run.context, groupBuy: group, contact, event });
      return { ...waitForJoins(group), effects: [{ kind: 'message', channel: config.channel, title: node.label ?? '', body }] };
    }
    const group = run.context.groupBuy as GroupState;
    if (resume.reason === 'timer') return { type: 'next', port: 'failed' };
    const member = String(resume.event.properties.member ?? '');
    const joined = member && member !== contact.id && !group.members.includes(member) ? { ...group, members: [...group.members, member] } : group;
    if (joined.members.length < joined.needed) return waitForJoins(joined);
    const { kind, amount, threshold } = config.reward;
    const reward: Effect = { kind: 'reward', rewardKind: kind, amount, ...(kind === 'coupon' ? { code: couponCode(), threshold } : {}) };
    return { type: 'next', port: 'formed', effects: [reward], context: { groupBuy: joined } };
  },
});

function waitForJoins(group: GroupState): Outcome<'formed' | 'failed'> {
  return { type: 'wait', until: group.deadline, event: { type: GROUP_JOINED_EVENT, match: { group: group.code } }, context: { groupBuy: group } };
}

/** A reward coupon's code, random like the offer node's (the store refuses a repeat, and the step retries). */
function couponCode(): string {
  return Array.from({ length: 12 }, (_, i) => (i > 0 && i % 4 === 0 ? '-' : '') + ALPHABET[randomInt(ALPHABET.length)]).join('');
}
