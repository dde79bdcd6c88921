import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test-support.ts';

describe('settings route', () => {
  const rules = [
    { channels: ['sms'], max: 2, perHours: 24 },
    { channels: [], max: 5, perHours: 168 },
  ];

  it('answers no cap until an admin saves one, then the saved rules with who and when', async () => {
    const t = await createTestApp();
    expect((await t.call('GET', '/api/settings')).body).toEqual({ frequencyCap: { rules: [] }, updatedAt: null, updatedBy: null });
    const saved = await t.call('PUT', '/api/settings', { frequencyCap: { rules } });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ frequencyCap: { rules }, updatedAt: new Date(t.clock.now()).toISOString(), updatedBy: null });
    expect((await t.call('GET', '/api/settings')).body.frequencyCap.rules).toEqual(rules);
    expect((await t.runtime.workspaceSettings.get()).frequencyCap.rules).toEqual(rules);
  });

  it('lets every role read and only admins write', async () => {
    const t = await createTestApp();
    const marketer = (await t.call('POST', '/api/api-keys', { name: 'ops', scope: 'marketer' })).body.key as string;
    const asMarketer = { Authorization: `Bearer ${marketer}` };
    expect((await t.call('GET', '/api/settings', undefined, asMarketer)).status).toBe(200);
    const before = await t.snapshot();
    expect((await t.call('PUT', '/api/settings', { frequencyCap: { rules } }, asMarketer)).status).toBe(403);
    expect(await t.snapshot()).toEqual(before);
  });

  it('refuses bad rules with the field at fault, saving nothing', async () => {
    const t = await createTestApp();
    const before = await t.snapshot();
    const cases: [unknown, (string | number)[]][] = [
      [{ frequencyCap: { rules: [{ channels: ['fax'], max: 2, perHours: 24 }] } }, ['frequencyCap', 'rules', 0, 'channels', 0]],
      [{ frequencyCap: { rules: [{ max: 0, perHours: 24 }] } }, ['frequencyCap', 'rules', 0, 'max']],
      [{ frequencyCap: { rules: [{ max: 2, perHours: 1.5 }] } }, ['frequencyCap', 'rules', 0, 'perHours']],
      [{ frequencyCap: { rules: [{ max: 2, perHours: 24, every: 'day' }] } }, ['frequencyCap', 'rules', 0, 'every']],
      [{ frequencyCap: { rules: [{ channels: ['sms', 'email'], max: 2, perHours: 24 }, { channels: ['email', 'sms'], max: 3, perHours: 24 }] } }, ['frequencyCap', 'rules']],
    ];
    for (const [body, path] of cases) {
      const res = await t.call('PUT', '/api/settings', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    }
    expect(await t.snapshot()).toEqual(before);
  });
});
