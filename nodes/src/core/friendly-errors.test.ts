import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contentPushSpec } from '../builtin/content-push/content-push.spec.ts';
import { conditionSpec } from '../builtin/condition/condition.spec.ts';
import { webhookSpec } from '../builtin/webhook/webhook.spec.ts';
import { localized } from './define-node.ts';
import { friendlyIssues } from './friendly-errors.ts';
import { validateGraph } from './graph.ts';
import { NodeRegistry } from './registry.ts';
import { builtinSpecs } from '../builtin/specs.ts';

describe('friendlyIssues', () => {
  it('asks for a missing or empty value instead of naming types', () => {
    expect(friendlyIssues(contentPushSpec.config, { channel: 'sms' })).toEqual([
      { path: ['template'], message: { 'zh-CN': '请填写此项', en: 'Please fill this in' } },
    ]);
    expect(friendlyIssues(contentPushSpec.config, { channel: 'sms', template: '  ' })[0]?.message['zh-CN']).toBe('请填写此项');
  });

  it('words lists, choices and numbers', () => {
    const issues = friendlyIssues(conditionSpec.config, { match: 'most', rules: [] });
    expect(issues.map((i) => i.message['zh-CN'])).toEqual(['请从列表中选择', '请至少添加 1 项']);
    expect(friendlyIssues(z.number().max(5), 9)[0]?.message.en).toBe('Must be at most 5');
    expect(friendlyIssues(z.number(), 'x')[0]?.message['zh-CN']).toBe('请填写数字');
  });

  it('says why a record key is refused, in both languages', () => {
    const [host] = friendlyIssues(webhookSpec.config, { url: 'https://crm.example.com/hook', headers: { Host: '169.254.169.254' } });
    expect(host).toEqual({ path: ['headers', 'Host'], message: { en: 'The webhook sets this header itself', 'zh-CN': '此请求头由系统设置，不能修改' } });
  });

  it("keeps a schema's own message, in both languages", () => {
    const schema = z.string().regex(/^\d+$/, localized({ en: 'Digits only', 'zh-CN': '只能填数字' }));
    expect(friendlyIssues(schema, 'abc')[0]?.message).toEqual({ en: 'Digits only', 'zh-CN': '只能填数字' });
  });
});

describe('graph problems for config', () => {
  it('name the node and the field by their labels', () => {
    const graph = {
      nodes: [
        { id: 'n1', type: 'entry', position: { x: 0, y: 0 } },
        { id: 'n2', type: 'content_push', label: '欢迎语', position: { x: 0, y: 0 }, config: { channel: 'sms' } },
      ],
      edges: [{ id: 'e1', source: 'n1', target: 'n2' }],
    };
    const [problem] = validateGraph(graph, new NodeRegistry(builtinSpecs)).problems;
    expect(problem?.message).toEqual({ 'zh-CN': '「欢迎语」的「内容模板」：请填写此项', en: '"欢迎语" Message template: Please fill this in' });
  });
});
