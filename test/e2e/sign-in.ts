import { expect, type Page } from '@playwright/test';
import { E2E } from './e2e-env.ts';

/**
 * Signs in as the e2e admin through the login form and waits for the journey list, in Chinese: the
 * UI language is kept per user, so when an earlier test left the admin on English it is switched back.
 */
export async function signIn(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByLabel('邮箱').fill(E2E.adminEmail);
  await page.getByLabel('密码').fill(E2E.adminPassword);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  const heading = page.getByRole('heading', { name: /^(客户旅程|Customer journeys)$/ });
  await expect(heading).toBeVisible();
  if ((await heading.textContent()) !== '客户旅程') await page.locator('.ant-segmented-item').filter({ hasText: '中文' }).click();
  await expect(page.getByRole('heading', { name: '客户旅程' })).toBeVisible();
}
