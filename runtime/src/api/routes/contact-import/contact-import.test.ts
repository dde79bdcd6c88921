import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test-support.ts';

describe('contacts CSV import', () => {
  it('imports valid rows (profile, identities, tags, first source, extra columns as attributes) and reports the others by row', async () => {
    const t = await createTestApp();
    expect((await t.call('POST', '/api/contacts/import', { csv: 'phone,source\n13900000000,qr_code' })).body).toEqual({ imported: 1, refused: [] });
    const csv = [
      '姓名,手机,标签,属性,来源,city',
      '王小明,138 0000 0000,vip;新客,"{""level"": 3}",douyin_live,杭州',
      '"李, 雷",13900000000,老客,,offline_store,',
      '无号码,,,,,',
      '坏数据,12ab,,{oops,抖音,',
      'id-only,,,,,',
    ].join('\r\n');
    const res = await t.call('POST', '/api/contacts/import', { csv });
    expect(res.status).toBe(200);
    expect(res.body.imported).toBe(2);
    expect(res.body.refused).toEqual([
      { row: 4, problems: [{ column: null, message: { 'zh-CN': '需要 id 或手机号来识别联系人', en: 'Needs an id or a phone to know the contact by' } }] },
      {
        row: 5,
        problems: [
          { column: 'phone', message: expect.objectContaining({ 'zh-CN': expect.stringContaining('不是手机号') }) },
          { column: 'attributes', message: expect.objectContaining({ en: expect.stringContaining('Not JSON') }) },
          { column: 'source', message: expect.objectContaining({ en: expect.stringContaining('douyin_live') }) },
        ],
      },
      { row: 6, problems: [{ column: null, message: expect.objectContaining({ en: 'Needs an id or a phone to know the contact by' }) }] },
    ]);
    expect((await t.call('GET', '/api/contacts/13800000000')).body).toMatchObject({
      name: '王小明',
      attributes: { level: 3, city: '杭州' },
      identities: { phone: '13800000000' },
      tags: ['vip', '新客'],
      source: 'douyin_live',
    });
    // The contact already had a first source: it keeps it.
    expect((await t.call('GET', '/api/contacts/13900000000')).body).toMatchObject({ name: '李, 雷', tags: ['老客'], source: 'qr_code' });
  });

  it('numbers rows of a later part from firstRow, and refuses a CSV without a heading, too many rows, and a viewer', async () => {
    const t = await createTestApp();
    const part = await t.call('POST', '/api/contacts/import', { csv: 'id,phone\nc1,\nc2,bad', firstRow: 502 });
    expect(part.body).toMatchObject({ imported: 1, refused: [{ row: 503 }] });
    const noHeading = await t.call('POST', '/api/contacts/import', { csv: '13800000000,王小明\n' });
    expect([noHeading.status, noHeading.body.error.code]).toEqual([400, 'csv_heading_missing']);
    const tooMany = await t.call('POST', '/api/contacts/import', { csv: `id\n${Array.from({ length: 1001 }, (_, i) => `c${i}`).join('\n')}` });
    expect([tooMany.status, tooMany.body.error.code]).toEqual([400, 'too_many_rows']);
    const viewer = (await t.call('POST', '/api/api-keys', { name: 'v', scope: 'viewer' })).body.key as string;
    expect((await t.call('POST', '/api/contacts/import', { csv: 'id\nc9' }, { Authorization: `Bearer ${viewer}` })).status).toBe(403);
    expect((await t.call('GET', '/api/contacts/c9')).status).toBe(404);
  });
});
