import { expect, test } from '@playwright/test';
import { signIn } from './sign-in.ts';

test('a malformed or unknown link shows a not-found page with the way back, not a blank editor', async ({ page }, testInfo) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await signIn(page);
  await page.goto('/#/contacts/%E0%A4%A');
  await expect(page.getByText('找不到这个页面')).toBeVisible();
  await expect(page.locator('.app-header')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('not-found.png') });
  await page.getByRole('button', { name: '返回旅程列表' }).click();
  await expect(page.getByRole('heading', { name: '客户旅程' })).toBeVisible();

  await page.goto('/#/nowhere');
  await expect(page.getByText('找不到这个页面')).toBeVisible();
  expect(errors).toEqual([]);
});
