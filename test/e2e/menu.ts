import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Opens a dropdown menu from its trigger, clicks the named item, and waits until the menu has closed, so a
 * menu still fading out cannot be mistaken for the next one opened.
 */
export async function chooseMenuItem(page: Page, trigger: Locator, name: string) {
  await trigger.click();
  await page.getByRole('menuitem', { name }).click();
  await expect(page.locator('.ant-dropdown:not(.ant-dropdown-hidden)')).toHaveCount(0);
}

/** Presses Escape on an open select and waits until its dropdown has closed. */
export async function closeSelect(page: Page) {
  await page.keyboard.press('Escape');
  await expect(page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')).toHaveCount(0);
}
