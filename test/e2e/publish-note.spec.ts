import { expect, test } from '@playwright/test';
import { adminHeaders } from './e2e-env.ts';
import { signIn } from './sign-in.ts';

test('a note written in the launch review is kept with the version and shown in its history and on the version page', async ({ page }, testInfo) => {
  const graph = {
    nodes: [
      { id: 'entry', type: 'entry', position: { x: 0, y: 0 }, config: {} },
      { id: 'goal', type: 'goal', position: { x: 0, y: 200 }, config: { name: '首单' } },
    ],
    edges: [{ id: 'e1', source: 'entry', sourceHandle: 'out', target: 'goal' }],
  };
  const created = await page.request.post('/api/journeys', { headers: adminHeaders, data: { name: `发布说明 ${Date.now()}`, graph, settings: {} } });
  const { id } = (await created.json()) as { id: string };
  await signIn(page);
  await page.goto(`/#/journeys/${encodeURIComponent(id)}`);

  await page.getByRole('button', { name: /发\s*布/ }).click();
  const note = page.getByTestId('launch-note');
  await expect(note).toBeVisible();
  await note.fill('双十一预热：欢迎语改短，首单目标不变');
  await page.screenshot({ path: testInfo.outputPath('launch-note.png') });
  await page.getByTestId('launch-publish').click();
  await expect(page.getByText('已发布 第 1 版')).toBeVisible();

  const versions = (await (await page.request.get(`/api/journeys/${id}/versions`, { headers: adminHeaders })).json()) as { items: { version: number; note: string | null }[] };
  expect(versions.items).toEqual([expect.objectContaining({ version: 1, note: '双十一预热：欢迎语改短，首单目标不变' })]);

  await page.getByTestId('journey-version').click();
  const history = page.getByRole('list', { name: '版本历史' });
  await expect(history.getByTestId('version-note-1')).toHaveText('双十一预热：欢迎语改短，首单目标不变');
  await page.screenshot({ path: testInfo.outputPath('version-history-note.png') });
  await history.getByTestId('open-version-1').click();
  await expect(page.getByTestId('version-title')).toHaveText('第 1 版 · 只读');
  await expect(page.getByTestId('version-note')).toHaveText('说明：双十一预热：欢迎语改短，首单目标不变');
  await page.screenshot({ path: testInfo.outputPath('version-page-note.png') });
});
