import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { adminHeaders } from './e2e-env.ts';
import { signIn } from './sign-in.ts';

// The e2e server and its database are shared by every spec: names carry a stamp, lists are never assumed empty.

/** Creates and publishes entry (`sources`) → tag; answers the journey's id. */
async function liveJourney(request: APIRequestContext, name: string, sources: string[]): Promise<string> {
  const graph = {
    nodes: [
      { id: 'entry', type: 'entry', label: '入口', position: { x: 0, y: 0 }, config: { sources } },
      { id: 'tag', type: 'tag', label: '打标签', position: { x: 0, y: 200 }, config: { add: ['reached'] } },
    ],
    edges: [{ id: 'e1', source: 'entry', sourceHandle: 'out', target: 'tag' }],
  };
  const { id } = await (await request.post('/api/journeys', { headers: adminHeaders, data: { name, graph, settings: {} } })).json();
  expect((await request.post(`/api/journeys/${id}/publish`, { headers: adminHeaders, data: {} })).ok()).toBe(true);
  return id as string;
}

/** The rows of the contacts table, by their links' text. */
const contactRows = (page: Page) => page.getByTestId('contact-link');

test('contacts are found by name, phone and tag, filtered by journey and source chosen by pinyin, and open their timeline', async ({ page, request }, testInfo) => {
  const stamp = Date.now();
  // Digits that are no piece of the stamp, so a search for them finds no contact by id.
  const phone = `139${[...String(stamp).slice(-8)].reverse().join('')}`;
  const journeyId = await liveJourney(request, `直播拉新 ${stamp}`, ['douyin_live']);
  const wang = `wang-${stamp}`;
  const li = `li-${stamp}`;
  const acquired = await request.post('/api/events', {
    headers: adminHeaders,
    data: { contactId: wang, type: 'contact.acquired', properties: { source: 'douyin_live' }, traits: { name: `王小明${stamp}`, phone } },
  });
  expect(acquired.status()).toBe(202);
  await request.post('/api/contacts', { headers: adminHeaders, data: { id: li, name: `李雷${stamp}`, tags: [`vip${stamp}`] } });
  await expect
    .poll(async () => (await (await request.get(`/api/contacts?journeyId=${journeyId}`, { headers: adminHeaders })).json()).items.length)
    .toBe(1);

  await signIn(page);
  await page.getByRole('link', { name: '联系人', exact: true }).click();
  await expect(page.getByRole('heading', { name: '联系人' })).toBeVisible();
  const search = page.getByRole('searchbox', { name: '搜索姓名（可用拼音或首字母）、ID、手机号或标签' });

  await search.fill(`王小明${stamp}`);
  await search.press('Enter');
  await expect(contactRows(page)).toHaveText([`王小明${stamp}`]);
  const row = page.locator('tr', { has: page.getByText(`王小明${stamp}`) });
  await expect(row).toContainText(phone);
  await expect(row).toContainText('抖音直播');
  await expect(row).toContainText(`直播拉新 ${stamp}`);
  await page.screenshot({ path: testInfo.outputPath('contacts-by-name.png') });

  await search.fill(phone.slice(3));
  await search.press('Enter');
  await expect(contactRows(page)).toHaveText([`王小明${stamp}`]);

  await search.fill(`vip${stamp}`);
  await search.press('Enter');
  await expect(contactRows(page)).toHaveText([`李雷${stamp}`]);

  // The stamp alone finds both; the journey (typed by pinyin initials) keeps the one who entered it.
  await search.fill(String(stamp));
  await search.press('Enter');
  await expect(contactRows(page)).toHaveText([`李雷${stamp}`, `王小明${stamp}`]);
  const dropdown = page.locator('.ant-select-dropdown:visible');
  await page.getByRole('combobox', { name: '旅程' }).click();
  await page.keyboard.type('zblx');
  await dropdown.getByTitle(`直播拉新 ${stamp}`).click();
  await expect(contactRows(page)).toHaveText([`王小明${stamp}`]);
  await page.getByRole('combobox', { name: '旅程' }).locator('..').locator('..').locator('.ant-select-clear').click();
  await expect(contactRows(page)).toHaveText([`李雷${stamp}`, `王小明${stamp}`]);

  await page.getByRole('combobox', { name: '首次来源' }).click();
  await page.keyboard.type('dyzb');
  await dropdown.getByTitle('抖音直播').click();
  await expect(contactRows(page)).toHaveText([`王小明${stamp}`]);
  await page.screenshot({ path: testInfo.outputPath('contacts-filtered.png') });

  await contactRows(page).first().click();
  await expect(page.getByRole('heading', { name: `王小明${stamp}` })).toBeVisible();
  await expect(page.getByText(`直播拉新 ${stamp}`).first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('contact-timeline.png') });
  await page.getByRole('link', { name: '← 全部联系人' }).click();
  await expect(page.getByRole('heading', { name: '联系人' })).toBeVisible();
});

test('a segment is saved from rules, counts its contacts and enrols them into a journey with progress', async ({ page, request }, testInfo) => {
  const stamp = Date.now();
  const tag = `seg${stamp}`;
  for (const n of [1, 2, 3]) await request.post('/api/contacts', { headers: adminHeaders, data: { id: `seg-${stamp}-${n}`, name: `人群成员${n}`, tags: n < 3 ? [tag] : [] } });
  const journeyName = `人群入旅 ${stamp}`;
  await liveJourney(request, journeyName, []);

  await signIn(page);
  await page.getByRole('link', { name: '人群', exact: true }).click();
  await page.getByRole('button', { name: '新建人群' }).click();
  await page.getByPlaceholder('例如：近 30 天下单的 VIP').fill(`标签人群 ${stamp}`);
  await expect(page.locator('.segment-editor')).toContainText('规则填写完整后显示人数');
  const tagField = page.locator('.segment-editor').getByLabel('标签', { exact: true });
  await tagField.fill(tag);
  await tagField.press('Escape');
  // Counted live, before saving.
  await expect(page.getByTestId('segment-count')).toHaveText('2 人');
  await page.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.locator('.segment-item-current')).toContainText(`标签人群 ${stamp}`);

  const dropdown = page.locator('.ant-select-dropdown:visible');
  await page.getByRole('combobox', { name: '旅程' }).click();
  await page.keyboard.type('rqrl');
  await dropdown.getByTitle(journeyName).click();
  await page.getByRole('button', { name: '开始加入' }).click();
  await expect(page.getByTestId('enrollment-status')).toHaveText('已完成');
  await expect(page.getByTestId('enrollment-progress')).toContainText('已进入 2 · 跳过 0 · 共 2 人');
  await page.screenshot({ path: testInfo.outputPath('segment-enrolled.png'), fullPage: true });

  // The contacts list filters by the segment, chosen by name.
  await page.getByRole('link', { name: '联系人', exact: true }).click();
  await page.getByRole('combobox', { name: '人群' }).click();
  await page.keyboard.type(`标签人群 ${stamp}`);
  await dropdown.getByTitle(`标签人群 ${stamp}`).click();
  await expect(contactRows(page)).toHaveText(['人群成员1', '人群成员2']);
});

test('an admin creates a plan and picks it by name in a membership upsell node', async ({ page, request }, testInfo) => {
  const stamp = Date.now();
  const planName = `金卡会员 ${stamp}`;
  const planId = `gold_${stamp}`;
  const graph = {
    nodes: [
      { id: 'entry', type: 'entry', position: { x: 0, y: 0 }, config: {} },
      { id: 'upsell', type: 'membership_upsell', label: '推荐金卡', position: { x: 0, y: 200 }, config: { plan: '', channel: 'sms' } },
    ],
    edges: [{ id: 'e1', source: 'entry', sourceHandle: 'out', target: 'upsell' }],
  };
  const { id: journeyId } = await (await request.post('/api/journeys', { headers: adminHeaders, data: { name: `会员升级 ${stamp}`, graph, settings: {} } })).json();

  await signIn(page);
  await page.getByRole('link', { name: '会员方案', exact: true }).click();
  await page.getByRole('button', { name: '新建方案' }).click();
  const modal = page.getByRole('dialog', { name: '新建方案' });
  await modal.getByLabel('方案名称').fill(planName);
  await modal.getByLabel('方案标识').fill(planId);
  await modal.getByLabel('价格').fill('199');
  await modal.getByLabel('会员等级').fill('gold');
  await modal.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByRole('row', { name: new RegExp(planName) })).toContainText('使用中');
  await page.screenshot({ path: testInfo.outputPath('plans.png') });

  await page.goto(`/#/journeys/${journeyId}`);
  await page.locator('.react-flow__node[data-id="upsell"]').click();
  const inspector = page.getByRole('complementary', { name: '节点设置' });
  await expect(inspector.getByRole('link', { name: '管理会员方案' })).toBeVisible();
  await inspector.getByLabel('方案').click();
  await page.keyboard.type('jkhy');
  await page.locator('.ant-select-dropdown:visible').getByTestId('plan-option').filter({ hasText: planName }).click();
  await expect(inspector.locator('.schema-plan')).toContainText(planName);
  // The card names the plan too, not its id.
  await expect(page.locator('.react-flow__node[data-id="upsell"]')).toContainText(`推荐: ${planName}`);
  await page.screenshot({ path: testInfo.outputPath('plan-picker.png') });
  await expect
    .poll(async () => (await (await request.get(`/api/journeys/${journeyId}`, { headers: adminHeaders })).json()).graph.nodes.find((n: { id: string }) => n.id === 'upsell').config.plan)
    .toBe(planId);
});
