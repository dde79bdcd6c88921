import { describe, expect, it } from 'vitest';
import { templateFields } from './template-fields.ts';

describe('template fields', () => {
  it('are the variables of a category template, labelled by their line, with their kind’s limit', () => {
    expect(templateFields('商品名称{{thing1.DATA}}\n订单金额：{{amount2.DATA}}\n下单时间:{{time3.DATA}}\n订单号{{character_string4.DATA}}')).toEqual([
      { key: 'thing1', label: '商品名称', maxLength: 20, hint: expect.stringContaining('20 characters') },
      { key: 'amount2', label: '订单金额', maxLength: 14, hint: expect.stringContaining('currency sign') },
      { key: 'time3', label: '下单时间', hint: expect.stringContaining('24-hour') },
      { key: 'character_string4', label: '订单号', maxLength: 32, hint: expect.any(String) },
    ]);
  });

  it('take the old keyword templates as they are, each variable once', () => {
    expect(templateFields('{{first.DATA}}\\n会员卡号：{{keyword1.DATA}}\\n{{keyword1.DATA}}{{remark.DATA}}')).toEqual([{ key: 'first' }, { key: 'keyword1', label: '会员卡号' }, { key: 'remark' }]);
    expect(templateFields('没有变量')).toEqual([]);
  });
});
