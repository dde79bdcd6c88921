import { describe, expect, it } from 'vitest';
import { MAX_RENDERED_LENGTH, renderTemplate, RenderTooLongError, templateVariables } from './template.ts';

describe('renderTemplate', () => {
  const context = { contact: { id: 'c1', name: '小王', attributes: { city: '杭州', vip: true } }, offer: { code: 'X9' } };

  it('fills variables, nested paths and scalars', () => {
    expect(renderTemplate('{{contact.name}}，{{ contact.attributes.city }} {{offer.code}}', context)).toBe('小王，杭州 X9');
    expect(renderTemplate('{{contact.attributes.vip}}', context)).toBe('true');
  });

  it('uses the fallback for missing or empty values and never evaluates code', () => {
    expect(renderTemplate('你好，{{contact.nickname | 朋友}}', context)).toBe('你好，朋友');
    expect(renderTemplate('{{referral.code}}!', context)).toBe('!');
    expect(renderTemplate('{{constructor.name}}{{contact.__proto__}}', context)).toBe('');
    expect(renderTemplate('{{ 1 + 1 }} {{process.env}}', context)).toBe('{{ 1 + 1 }} ');
  });

  it('lists the variables a template uses', () => {
    expect(templateVariables('{{contact.name|x}} and {{offer.code}}')).toEqual(['contact.name', 'offer.code']);
  });
});

describe('renderTemplate bounds', () => {
  it('refuses a render longer than its bound before building it', () => {
    // A 4 KB template repeating a 100 KB attribute once stored a 15 MB message.
    const context = { contact: { attributes: { big: 'x'.repeat(100_000) } } };
    const template = '{{contact.attributes.big}}'.repeat(150);
    expect(() => renderTemplate(template, context)).toThrow(RenderTooLongError);
    expect(() => renderTemplate(template, context)).toThrow(`more than ${MAX_RENDERED_LENGTH} characters`);
    expect(() => renderTemplate('ab{{x}}', { x: 'cd' }, 3)).toThrow(RenderTooLongError);
    expect(renderTemplate('ab{{x}}', { x: 'cd' }, 4)).toBe('abcd');
  });
});
