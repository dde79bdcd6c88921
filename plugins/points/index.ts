import { defineChannel, defineExecutor, defineNode, definePlugin, field, PermanentDeliveryError, z } from '@journey/sdk';

/** The brand's loyalty service: POST POINTS_API_URL { contactId, points, reason } with an Idempotency-Key. */
export const ledger = defineChannel({
  kind: 'call', name: 'ledger', title: { 'zh-CN': '积分账户', en: 'Points ledger' }, honoursIdempotencyKey: true,
  payload: z.strictObject({ contactId: z.string(), points: z.number().int().positive(), reason: z.string() }),
  deliver: async (payload, { idempotencyKey, signal }) => {
    const url = process.env.POINTS_API_URL;
    if (!url) throw new PermanentDeliveryError('POINTS_API_URL is not set');
    const headers = { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey };
    const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(payload), signal, redirect: 'error' });
    if (res.status >= 400 && res.status < 500 && res.status !== 429) throw new PermanentDeliveryError(`The points service refused: ${res.status}`);
    if (!res.ok) throw new Error(`The points service answered ${res.status}`);
    return (await res.json()) as Record<string, unknown>;
  },
});

const awardSpec = defineNode({
  type: 'award', stage: 'repurchase', icon: '⭐', ports: ['out'],
  title: { 'zh-CN': '奖励积分', en: 'Award points' },
  description: { 'zh-CN': '在会员积分账户中给联系人加积分', en: "Adds points to the contact's loyalty account" },
  config: z.strictObject({
    points: field(z.number().int().min(1).max(1_000_000).default(100), { title: { 'zh-CN': '积分', en: 'Points' } }),
    reason: field(z.string().trim().min(1).max(100).default('旅程奖励'), { title: { 'zh-CN': '原因', en: 'Reason' } }),
  }),
  summaryTemplate: { 'zh-CN': '奖励 {{points}} 积分', en: 'Award {{points}} points' },
});

/** Asks the ledger for the points; `{{points.awarded}}` tells later messages how many. */
export const award = defineExecutor(awardSpec, {
  execute: ({ config, contact }) => ({
    type: 'next', port: 'out', context: { points: { awarded: config.points } },
    effects: [ledger.effect({ contactId: contact.id, points: config.points, reason: config.reason })],
  }),
});

export default definePlugin({ name: 'points', title: { 'zh-CN': '会员积分', en: 'Loyalty points' }, nodes: [award], channels: [ledger] });
