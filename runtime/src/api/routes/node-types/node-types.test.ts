import { renderNodeSummary, type NodeTypeDescription } from '@journey/nodes';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test-support.ts';

describe('GET /api/node-types', () => {
  it('serves what each node is to the engine, its card summary template and its option labels', async () => {
    const t = await createTestApp();
    const res = await t.call('GET', '/api/node-types');
    expect(res.status).toBe(200);
    const items = res.body.items as NodeTypeDescription[];
    const byType = new Map(items.map((n) => [n.type, n]));
    const entry = byType.get('entry')!;
    expect(entry).toMatchObject({
      trigger: { event: { field: 'event' }, sources: { field: 'sources' }, reentry: { field: 'reentry' } },
      goal: null,
      waits: false,
      summaryTemplate: { 'zh-CN': expect.stringContaining('{{event event}}'), en: expect.stringContaining('{{event event}}') },
    });
    const properties = entry.configSchema.properties as Record<string, Record<string, unknown>>;
    expect(properties.reentry!['x-option-titles']).toMatchObject({ after_exit: { 'zh-CN': '结束后可再次进入', en: 'Again after exit' } });
    expect(byType.get('goal')).toMatchObject({ trigger: null, goal: true });
    expect(byType.get('wait_event')).toMatchObject({ trigger: null, goal: null, waits: true });
    expect(byType.get('exit')).toMatchObject({ summaryTemplate: null });

    const push = byType.get('content_push')!;
    expect(renderNodeSummary(push, { channel: 'sms', title: '', template: 'x' }, 'zh-CN')).toBe('推送: 短信');
    expect(renderNodeSummary(push, { channel: 'sms', title: '', template: 'x' }, 'en')).toBe('Push: SMS');
  });
});

describe('POST /api/node-types/check', () => {
  it("answers a config's issues in both languages, by path, refinements included, and the config with defaults once valid", async () => {
    const t = await createTestApp();
    const before = await t.snapshot();
    const bad = await t.call('POST', '/api/node-types/check', { type: 'tag', config: { add: [], remove: [] } });
    expect(bad.status).toBe(200);
    expect(bad.body).toEqual({
      valid: false,
      config: null,
      issues: [{ path: ['add'], message: { 'zh-CN': '请至少添加或移除一个标签', en: expect.any(String) } }],
    });
    const push = await t.call('POST', '/api/node-types/check', { type: 'content_push', config: { channel: 'sms' } });
    expect(push.body.issues).toEqual([{ path: ['template'], message: { 'zh-CN': '请填写此项', en: 'Please fill this in' } }]);
    const good = await t.call('POST', '/api/node-types/check', { type: 'condition', config: { rules: [{ kind: 'tag', tag: 'vip' }] } });
    expect(good.body).toEqual({ valid: true, config: { match: 'all', rules: [{ kind: 'tag', op: 'has', tag: 'vip' }] }, issues: [] });
    expect(await t.snapshot()).toEqual(before);
  });

  it('is 404 for a type nobody registered and 400 without a type', async () => {
    const t = await createTestApp();
    expect((await t.call('POST', '/api/node-types/check', { type: 'nope/none', config: {} })).status).toBe(404);
    const missing = await t.call('POST', '/api/node-types/check', { config: {} });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body.error)).toContain('type');
  });
});
