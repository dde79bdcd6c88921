import { describe, expect, it } from 'vitest';
import { miniProgramAdvice, officialAccountAdvice } from './push-advice.ts';

const push = (title: string) => ({ title, template: 'thing1=龙井', priority: 'marketing' as const });

describe('what the launch review warns of a WeChat push', () => {
  it('on the Official Account: a push without a template is a customer-service text, a subscription notification spends a subscription, a template message passes', () => {
    expect(officialAccountAdvice(push(''))?.['zh-CN']).toContain('48 小时内（最多 5 条）');
    expect(officialAccountAdvice(push('subscribe:VRR0UEO9'))?.['zh-CN']).toContain('一次订阅');
    expect(officialAccountAdvice(push('TPL_NEW_ARRIVAL'))).toBeUndefined();
  });

  it('on the mini-program: every subscribe message spends a subscription, and one without a template is not sent', () => {
    expect(miniProgramAdvice(push(''))?.['zh-CN']).toContain('请选择');
    expect(miniProgramAdvice(push('tmpl-1'))?.['zh-CN']).toContain('一次订阅');
  });
});
