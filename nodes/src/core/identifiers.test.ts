import { describe, expect, it } from 'vitest';
import { eventTypeSchema, recordIdSchema, tagSchema } from './identifiers.ts';

const ok = (schema: { safeParse(v: unknown): { success: boolean } }, value: string) => schema.safeParse(value).success;

describe('record ids', () => {
  it.each(['c1', '+8613800138000', 'wang.xiao+vip@example.com', 'wmAbC-_x9', 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', '小王', 'crm:42', 'a=b', 'jrn_01JD2X', '...x'])(
    'takes %s',
    (id) => expect(ok(recordIdSchema, id)).toBe(true),
  );

  it.each([
    ['a lone surrogate', 'c\ud8001'],
    ['a control character', 'c\u00071'],
    ['a slash', 'a/b'],
    ['a backslash', 'a\\b'],
    ['dot-dot', '..'],
    ['a dot', '.'],
    ['a space inside', 'a b'],
    ['a query mark', 'a?b'],
    ['a percent sign', 'a%2F'],
    ['an invisible format character', 'a\u200bb'],
    ['201 characters', 'x'.repeat(201)],
  ])('refuses %s', (_, id) => expect(ok(recordIdSchema, id)).toBe(false));

  it('trims what surrounds an id', () => {
    expect(recordIdSchema.parse(' c1 ')).toBe('c1');
  });
});

describe('event types and tags', () => {
  it('takes machine names as event types, nothing else', () => {
    expect(ok(eventTypeSchema, 'order.paid')).toBe(true);
    expect(ok(eventTypeSchema, 'wecom:add_external_contact')).toBe(true);
    for (const bad of ['Order Completed', '订单', 'a/b', 'x\u0000']) expect(ok(eventTypeSchema, bad)).toBe(false);
  });

  it('takes any printable text as a tag, without control characters or line breaks', () => {
    for (const good of ['直播观众', 'VIP 客户', '618-大促', '🎉 fans']) expect(ok(tagSchema, good)).toBe(true);
    for (const bad of ['a\nb', 'a\u2028b', 'x\u0000', 'c\udc00', '   ', 'x'.repeat(51)]) expect(ok(tagSchema, bad)).toBe(false);
  });
});
