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
      summaryTemplate: { 'zh-CN': expect.stringContaining('{{event}}'), en: expect.stringContaining('{{event}}') },
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
