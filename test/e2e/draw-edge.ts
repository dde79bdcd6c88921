import type { Locator, Page } from '@playwright/test';

/** Presses the mouse on `from`, moves in steps and releases on `to`, as a person draws an edge. */
export async function drawEdge(page: Page, from: Locator, to: Locator) {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}
