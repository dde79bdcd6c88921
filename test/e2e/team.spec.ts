import { expect, test } from '@playwright/test';
import { signIn } from './sign-in.ts';

test('members and API keys: an admin adds a member with a generated password, changes the role, creates an ingest key that works and revokes it', async ({ page, browser }) => {
  await signIn(page);
  await page.getByRole('link', { name: '成员' }).click();
  await expect(page.getByRole('heading', { name: '成员与 API 密钥' })).toBeVisible();

  const email = `ops-${Date.now()}@example.com`;
  const members = page.getByTestId('members');
  await members.getByRole('button', { name: '添加成员' }).click();
  const add = page.getByRole('dialog', { name: '添加成员' });
  await add.getByLabel('邮箱').fill('not-an-email');
  await add.getByRole('button', { name: /添\s*加/ }).click();
  await expect(add.getByText('请填写有效的邮箱地址')).toBeVisible();
  await add.getByLabel('邮箱').fill(email);
  await add.getByLabel('姓名').fill('小运');
  await add.locator('.ant-radio-button-wrapper').filter({ hasText: '运维' }).click();
  await add.getByRole('button', { name: /添\s*加/ }).click();
  const shown = page.getByRole('dialog', { name: '新密码' });
  const password = (await shown.getByTestId('shown-once').innerText()).trim();
  expect(password.length).toBeGreaterThanOrEqual(8);
  await shown.getByRole('button', { name: '我已复制' }).click();

  const row = members.getByRole('row', { name: new RegExp(email) });
  await expect(row.getByText('运维')).toBeVisible();
  await row.getByLabel(`${email} 的角色`).click();
  await page.locator('.ant-select-item-option').filter({ hasText: '只读' }).click();
  await expect(row.getByLabel(`${email} 的角色`).locator('..')).toContainText('只读');

  // The new member signs in with the generated password and, as a viewer, has no members page.
  const other = await browser.newContext();
  const theirs = await other.newPage();
  await theirs.goto('/');
  await theirs.getByLabel('邮箱').fill(email);
  await theirs.getByLabel('密码').fill(password);
  await theirs.getByRole('button', { name: /登\s*录/ }).click();
  await expect(theirs.getByRole('heading', { name: '客户旅程' })).toBeVisible();
  await expect(theirs.getByRole('link', { name: '成员' })).toHaveCount(0);
  await other.close();

  const keys = page.getByTestId('api-keys');
  await keys.getByRole('button', { name: '创建密钥' }).click();
  const create = page.getByRole('dialog', { name: '创建密钥' });
  await create.getByRole('button', { name: /创\s*建/ }).click();
  await expect(create.getByText('请填写名称')).toBeVisible();
  await create.getByLabel('名称').fill('神策埋点');
  await expect(create.getByText(/神策的 token/)).toBeVisible();
  await create.getByRole('button', { name: /创\s*建/ }).click();
  const newKey = page.getByRole('dialog', { name: '新的 API 密钥' });
  const key = (await newKey.getByTestId('shown-once').innerText()).trim();
  await newKey.getByRole('button', { name: '我已复制' }).click();
  const keyRow = keys.getByRole('row', { name: /神策埋点/ }).first();
  await expect(keyRow.getByText('事件上报')).toBeVisible();
  await expect(keyRow.getByText('从未使用')).toBeVisible();

  const track = () =>
    page.request.post('/api/v1/track', {
      headers: { Authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` },
      data: { userId: 'team-spec', event: 'page.viewed', messageId: `m-${Date.now()}-${Math.random()}` },
    });
  expect((await track()).status()).toBe(200);

  await keyRow.getByRole('button', { name: /吊\s*销/ }).click();
  await page.getByRole('button', { name: /吊\s*销/ }).last().click();
  await expect(keys.getByRole('row', { name: /神策埋点/ }).first().getByText('已吊销')).toBeVisible();
  expect((await track()).status()).toBe(401);
});
