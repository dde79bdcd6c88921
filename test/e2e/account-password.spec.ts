import { expect, test, type Page } from '@playwright/test';
import { adminHeaders } from './e2e-env.ts';

const FIRST = 'first-password';
const SECOND = 'second-password';
const THIRD = 'third-password';

async function signInAs(page: Page, email: string, password: string) {
  await page.goto('/');
  await page.getByLabel('邮箱').fill(email);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByRole('heading', { name: '客户旅程' })).toBeVisible();
}

async function openChangePassword(page: Page, email: string) {
  await page.getByRole('button', { name: email }).hover();
  await page.getByRole('menuitem', { name: '修改密码' }).click();
  const dialog = page.getByRole('dialog', { name: '修改密码' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('a marketer changes their own password from the user menu; other devices are signed out', async ({ page, browser, request }, testInfo) => {
  const email = `pw-${Date.now()}@example.com`;
  const created = await request.post('/api/users', { headers: adminHeaders, data: { email, role: 'marketer', password: FIRST } });
  expect(created.status()).toBe(201);

  // The same person on another device.
  const otherDevice = await browser.newContext();
  expect((await otherDevice.request.post('/api/auth/login', { data: { email, password: FIRST } })).ok()).toBe(true);
  expect((await otherDevice.request.get('/api/auth/me')).status()).toBe(200);

  await signInAs(page, email, FIRST);
  let dialog = await openChangePassword(page, email);
  await dialog.getByLabel('当前密码').fill('not-my-password');
  await dialog.getByLabel('新密码', { exact: true }).fill(SECOND);
  await dialog.getByLabel('确认新密码').fill(SECOND + 'x');
  await dialog.getByRole('button', { name: '确认修改' }).click();
  await expect(dialog.getByText('两次输入的新密码不一致')).toBeVisible();

  await dialog.getByLabel('确认新密码').fill(SECOND);
  await dialog.getByRole('button', { name: '确认修改' }).click();
  await expect(dialog.getByText('当前密码不正确')).toBeVisible();

  await dialog.getByLabel('当前密码').fill(FIRST);
  await dialog.getByLabel('新密码', { exact: true }).fill('short');
  await dialog.getByLabel('确认新密码').fill('short');
  await dialog.getByRole('button', { name: '确认修改' }).click();
  await expect(dialog.getByText('新密码至少需要 8 个字符')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('change-password-refused.png') });

  await dialog.getByLabel('新密码', { exact: true }).fill(SECOND);
  await dialog.getByLabel('确认新密码').fill(SECOND);
  await dialog.getByRole('button', { name: '确认修改' }).click();
  await expect(page.getByText('密码已修改，其他设备上的登录已退出')).toBeVisible();
  await expect(dialog).toBeHidden();
  expect((await otherDevice.request.get('/api/auth/me')).status()).toBe(401);
  await otherDevice.close();

  // This page stays signed in, and its writes carry the renewed CSRF token: change it once more.
  await page.getByRole('navigation').getByRole('link', { name: '消息' }).click();
  await expect(page.getByRole('heading', { name: '消息' })).toBeVisible();
  dialog = await openChangePassword(page, email);
  await dialog.getByLabel('当前密码').fill(SECOND);
  await dialog.getByLabel('新密码', { exact: true }).fill(THIRD);
  await dialog.getByLabel('确认新密码').fill(THIRD);
  await dialog.getByRole('button', { name: '确认修改' }).click();
  await expect(dialog).toBeHidden();

  await page.getByRole('button', { name: email }).hover();
  await page.getByRole('menuitem', { name: '退出登录' }).click();
  await expect(page.getByLabel('邮箱')).toBeVisible();
  expect((await request.post('/api/auth/login', { data: { email, password: SECOND } })).status()).toBe(401);
  await signInAs(page, email, THIRD);
});
