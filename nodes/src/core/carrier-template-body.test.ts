import { describe, expect, it } from 'vitest';
import { parseTemplateVariables } from './carrier-template-body.ts';
import { PermanentDeliveryError } from './define-plugin.ts';

describe('parseTemplateVariables', () => {
  it('reads JSON objects and arrays, and one name=value a line, taking line values as they are', () => {
    expect(parseTemplateVariables('{"code":"8848","n":3}')).toEqual({ code: '8848', n: '3' });
    expect(parseTemplateVariables('["8848", 5]')).toEqual(['8848', '5']);
    expect(parseTemplateVariables('name=王"小"明\n\n code = 8848 \nthing1.DATA=a=b')).toEqual({ name: '王"小"明', code: '8848', 'thing1.DATA': 'a=b' });
    expect(parseTemplateVariables('1=甲\r\n2=乙')).toEqual({ 1: '甲', 2: '乙' });
    expect(parseTemplateVariables('  ')).toEqual({});
  });

  it('refuses free text, broken JSON and nested values as permanent', () => {
    for (const body of ['您好，欢迎光临', '{"code":', '{"a":{"b":1}}', '[[1]]', 'code=1\n欢迎']) {
      expect(() => parseTemplateVariables(body)).toThrow(PermanentDeliveryError);
    }
  });
});
