import { expect, test } from '@playwright/test';
import { adminHeaders } from './e2e-env.ts';
import { signIn } from './sign-in.ts';

test('a marketer imports contacts from a CSV in parts, watches the progress and reads which rows were refused and why', async ({ page, request }, testInfo) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const stamp = Date.now();
  // 450 rows: three parts of 200; row 3 has a phone with letters, row 301 neither id nor phone.
  const rows = Array.from({ length: 450 }, (_, i) => {
    if (i === 1) return `坏号码${stamp},13x00,新客,,douyin_live,杭州`;
    if (i === 299) return `没有号码${stamp},,,,,`;
    return `客户${i}-${stamp},1${String(stamp).slice(-6)}${String(i).padStart(4, '0')},vip;新客,"{""level"": ${i % 5}}",douyin_live,杭州`;
  });
  const csv = ['姓名,手机,标签,属性,来源,city', ...rows].join('\r\n');

  await signIn(page);
  await page.goto('/#/contacts');
  await page.getByTestId('contact-import').click();
  await expect(page.getByRole('dialog', { name: '从 CSV 导入联系人' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('contact-import-start.png') });
  await page.locator('.ant-upload input[type=file]').setInputFiles({ name: `contacts-${stamp}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });

  const report = page.getByTestId('contact-import-report');
  await expect(report).toBeVisible();
  await expect(report.getByText('已导入 448 位联系人（共 450 行）')).toBeVisible();
  await expect(report.getByText('2 行未导入')).toBeVisible();
  const refused = report.locator('.ant-table-tbody tr');
  await expect(refused).toHaveCount(2);
  await expect(refused.nth(0)).toContainText('3');
  await expect(refused.nth(0)).toContainText('手机：');
  await expect(refused.nth(0)).toContainText('不是手机号');
  await expect(refused.nth(1)).toContainText('301');
  await expect(refused.nth(1)).toContainText('需要 id 或手机号来识别联系人');
  await page.screenshot({ path: testInfo.outputPath('contact-import-report.png') });

  // The list behind the dialog has reloaded: the imported contacts are in it.
  await page.locator('.ant-modal-close').click();
  await page.getByLabel('搜索姓名（可用拼音或首字母）、ID、手机号或标签').fill(`客户449-${stamp}`);
  await page.getByLabel('搜索姓名（可用拼音或首字母）、ID、手机号或标签').press('Enter');
  await expect(page.getByTestId('contact-link').filter({ hasText: `客户449-${stamp}` })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('contact-import-listed.png') });

  const id = `1${String(stamp).slice(-6)}0449`;
  const contact = await (await request.get(`/api/contacts/${id}`, { headers: adminHeaders })).json();
  expect(contact).toMatchObject({ name: `客户449-${stamp}`, tags: ['vip', '新客'], attributes: { city: '杭州', level: 4 }, identities: { phone: id } });
  expect(errors).toEqual([]);
});

test('the integrations page shows where Segment and Sensors Data send, on this server\'s address, in both languages', async ({ page }, testInfo) => {
  await signIn(page);
  await page.goto('/#/integrations');
  const card = page.getByTestId('tracker-endpoints');
  await expect(card.getByText('埋点数据接入（Segment、神策）')).toBeVisible();
  const origin = new URL(page.url()).origin;
  await expect(card.getByText(`${origin}/api/v1/batch`)).toBeVisible();
  await expect(card.getByText(`${origin}/api/integrations/sensors/sa?token=<key>`)).toBeVisible();
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('tracker-endpoints-zh.png') });
  await page.locator('.ant-segmented-item').filter({ hasText: 'EN' }).click();
  await expect(card.getByText('Tracking data (Segment, Sensors Data)')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('tracker-endpoints-en.png') });
  await page.locator('.ant-segmented-item').filter({ hasText: '中文' }).click();
});
