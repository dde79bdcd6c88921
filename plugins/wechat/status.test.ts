import { createTestServices } from '@journey/sdk/testing';
import { describe, expect, it } from 'vitest';
import { openWindow } from './service-window.ts';
import { officialAccountStatus } from './status.ts';
import { addSubscriptions, MINI_PROGRAM_SUBSCRIPTIONS, OFFICIAL_ACCOUNT_SUBSCRIPTIONS } from './subscriptions.ts';
import { awaitTemplateReport } from './template-receipts.ts';

const env = { WECHAT_OA_APP_ID: 'wx5c8e3a1d2f4b6a70', WECHAT_OA_APP_SECRET: 'oa-app-secret', WECHAT_OA_TOKEN: 'pamtest' };

describe('Official Account status', () => {
  it('says what is missing or wrong while not configured', async () => {
    expect(await officialAccountStatus(createTestServices('wechat'))).toMatchObject({ active: false, items: [{ key: 'configuration', value: 'WECHAT_OA_* not set' }] });
    expect(await officialAccountStatus(createTestServices('wechat', { env: { WECHAT_OA_APP_ID: 'wx5c8e3a1d2f4b6a70' } }))).toMatchObject({
      active: false,
      items: [{ value: 'WECHAT_OA_APP_SECRET is not set; WECHAT_OA_TOKEN is not set' }],
    });
  });

  it('shows the AppID, mode, callback path, token, callbacks, reports awaited, open windows and subscriptions left, never a secret', async () => {
    let now = Date.UTC(2026, 11, 1, 12);
    const services = createTestServices('wechat', { env: { ...env, WECHAT_OA_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' }, now: () => now });
    await services.records.put('status', `token:${env.WECHAT_OA_APP_ID}`, { obtainedAt: now - 1000, expiresAt: now + 7_199_000, error: null });
    await services.records.put('status', 'last_callback', { at: now - 500 });
    await awaitTemplateReport(services, 1001, 'out_1');
    await openWindow(services, 'oOpen', 'message', now);
    await openWindow(services, 'oClosed', 'event', now - 120_000);
    await addSubscriptions(services, OFFICIAL_ACCOUNT_SUBSCRIPTIONS, { contactId: 'c1', openid: 'oOpen', templateIds: ['T1', 'T2'], at: now, reportId: 'r1' });
    // The mini-program's subscriptions are not the Official Account's.
    await addSubscriptions(services, MINI_PROGRAM_SUBSCRIPTIONS, { contactId: 'c1', openid: 'oMini', templateIds: ['T3'], at: now, reportId: 'r2' });
    const status = await officialAccountStatus(services);
    expect(status.active).toBe(true);
    expect(Object.fromEntries(status.items.map((i) => [i.key, i.value]))).toEqual({
      appId: 'wx5c8e3a1d2f4b6a70',
      callbackMode: '安全模式 / Safe mode',
      callbackPath: '/api/integrations/wechat/callback',
      tokenObtainedAt: now - 1000,
      callbackVerifiedAt: null,
      lastCallbackAt: now - 500,
      awaitingReports: 1,
      openWindows: 1,
      reportPath: 'POST /api/integrations/wechat/official-account/subscriptions',
      subscribers: 2,
    });
    expect(JSON.stringify(status)).not.toMatch(/oa-app-secret|pamtest|abcdefghijklmnop/);
    now += 48 * 3_600_000;
    expect((await officialAccountStatus(services)).items.find((i) => i.key === 'openWindows')?.value).toBe(0);
  });
});
