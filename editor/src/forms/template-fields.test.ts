import { describe, expect, it } from 'vitest';
import { fieldValues, withFieldValue, withFields } from './template-fields.ts';

describe('a body as template variables', () => {
  it('reads key=value lines (any value, spaces around the key) and JSON objects', () => {
    expect(fieldValues('code = 8848\nname=王"小"明 \nfree text\n1=a=b')).toEqual({ code: '8848', name: '王"小"明', 1: 'a=b' });
    expect(fieldValues('{"code":"8848","n":3}')).toEqual({ code: '8848', n: '3' });
    expect(fieldValues('["8848","王小明"]')).toEqual({ 1: '8848', 2: '王小明' });
    expect(fieldValues('{"code":')).toEqual({});
    expect(fieldValues('')).toEqual({});
  });

  it('sets a variable in its own line, keeping the other lines; a JSON body becomes lines', () => {
    expect(withFieldValue('code=1\nsee you', 'code', '8848')).toBe('code=8848\nsee you');
    expect(withFieldValue('code=1', 'name', '{{contact.name | 朋友}}')).toBe('code=1\nname={{contact.name | 朋友}}');
    expect(withFieldValue('', 'code', 'two\nlines')).toBe('code=two lines');
    expect(withFieldValue('{"code":"1"}', 'name', 'x')).toBe('code=1\nname=x');
  });

  it('adds the lines of a picked template’s variables the body lacks', () => {
    expect(withFields('', ['thing1', 'time2'])).toBe('thing1=\ntime2=');
    expect(withFields('time2=明天', ['thing1', 'time2'])).toBe('time2=明天\nthing1=');
  });
});
