import { expect, test, type Page } from '@playwright/test';
import { E2E } from './e2e-env.ts';
import { signIn } from './sign-in.ts';
import { chooseMenuItem } from './menu.ts';

/** Puts the admin back on Chinese, whatever a test left, so later sign-ins see the default UI. */
async function resetLocale(page: Page) {
  const me = await page.request.get('/api/auth/me');
  if (!me.ok()) return;
  const { csrfToken } = await me.json();
  await page.request.patch('/api/auth/me', { data: { locale: 'zh-CN' }, headers: { 'X-CSRF-Token': csrfToken } });
}

test('journeys page: create from a template, rename, duplicate, delete the draft', async ({ page }) => {
  await signIn(page);
  await page.getByRole('button', { name: '新建旅程' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('radio', { name: /门店扫码 · 分层培育/ }).click();
  await expect(dialog.getByLabel('旅程名称')).toHaveValue('门店扫码 · 分层培育');
  await dialog.getByLabel('旅程名称').fill('门店扫码 · 春季');
  await dialog.getByRole('button', { name: '新建旅程' }).click();
  await expect(page.locator('.react-flow__node')).toHaveCount(7);
  await expect(page.locator('.react-flow__node').filter({ hasText: '入会邀请' })).toBeVisible();

  await page.goto('/#/journeys');
  const row = page.getByRole('row', { name: /门店扫码 · 春季/ });
  await chooseMenuItem(page, row.getByRole('button', { name: '更多操作' }), '重命名');
  await page.getByRole('dialog').getByLabel('旅程名称').fill('门店扫码 · 夏季');
  await page.getByRole('dialog').getByRole('button', { name: /确\s*定/ }).click();
  const renamed = page.getByRole('row', { name: /门店扫码 · 夏季/ });
  await expect(renamed).toBeVisible();

  await chooseMenuItem(page, renamed.getByRole('button', { name: '更多操作' }), '复制');
  const copy = page.getByRole('row', { name: /门店扫码 · 夏季 副本/ });
  await expect(copy).toBeVisible();
  await expect(copy.getByTestId('journey-status')).toHaveText('草稿');

  await chooseMenuItem(page, copy.getByRole('button', { name: '更多操作' }), '删除');
  await page.getByRole('dialog').getByRole('button', { name: /删\s*除/ }).click();
  await expect(copy).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('row', { name: /门店扫码 · 夏季 副本/ })).toHaveCount(0);
  await expect(page.getByRole('row', { name: /门店扫码 · 夏季/ })).toHaveCount(1);
});

test('the language switch changes the palette and is kept for the user on another browser', async ({ page, browser }) => {
  try {
    await signIn(page);
    await page.getByRole('navigation').getByRole('link', { name: '旅程' }).click();
    await page.getByRole('row', { name: /门店扫码 · 夏季/ }).getByRole('button', { name: /编\s*辑/ }).click();
    await expect(page.getByRole('complementary', { name: '节点库' }).getByText('打标签', { exact: true })).toBeVisible();
    await page.locator('.ant-segmented-item').filter({ hasText: 'EN' }).click();
    const palette = page.getByRole('complementary', { name: 'Node library' });
    await expect(palette.getByText('Tag', { exact: true })).toBeVisible();
    await expect(palette.getByText('打标签', { exact: true })).toHaveCount(0);

    const other = await browser.newContext({ baseURL: E2E.baseURL, locale: 'zh-CN' });
    const elsewhere = await other.newPage();
    await elsewhere.goto('/');
    await elsewhere.getByLabel('邮箱').fill(E2E.adminEmail);
    await elsewhere.getByLabel('密码').fill(E2E.adminPassword);
    await elsewhere.getByRole('button', { name: /登\s*录/ }).click();
    await expect(elsewhere.getByRole('heading', { name: 'Customer journeys' })).toBeVisible();
    await expect(elsewhere.getByRole('navigation').getByRole('link', { name: 'Messages' })).toBeVisible();
    await other.close();
  } finally {
    await resetLocale(page);
  }
});
