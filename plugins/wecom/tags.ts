import { defineChannel, z, type PluginServices, type TagsChange } from '@journey/sdk';
import type { FollowRecord } from './callbacks.ts';
import { wecomApi } from './wecom-client.ts';

/** The corporate tag group (标签组) the journeys' tags are created in. */
export const TAG_GROUP = '客户旅程';
/** WeCom's longest corporate tag name, in characters. */
const MAX_TAG_NAME = 30;

interface CorpTagRecord extends Record<string, unknown> {
  id: string;
}

/** The corporate tag id of `name`, created with `add_corp_tag` the first time (one process at a time per name). */
async function corpTagId(services: PluginServices, name: string, create: boolean): Promise<string | undefined> {
  const cached = await services.records.get<CorpTagRecord>('corp_tag', name);
  if (cached || !create) return cached?.value.id;
  const deadline = services.now() + 10_000;
  while (!(await services.records.insert('lock', `corp_tag:${name}`, {}, { expiresAt: services.now() + 10_000 }))) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const made = await services.records.get<CorpTagRecord>('corp_tag', name);
    if (made) return made.value.id;
    if (services.now() > deadline) throw new Error(`Timed out waiting for the WeCom tag "${name}" to be created`);
  }
  try {
    const again = await services.records.get<CorpTagRecord>('corp_tag', name);
    if (again) return again.value.id;
    const answer = await wecomApi(services).post<{ tag_group: { tag: { id: string; name: string }[] } }>('/cgi-bin/externalcontact/add_corp_tag', {
      group_name: TAG_GROUP,
      tag: [{ name }],
    });
    const id = answer.tag_group.tag.find((t) => t.name === name)?.id;
    if (!id) throw new Error(`WeCom created no tag named "${name}"`);
    await services.records.put('corp_tag', name, { id } satisfies CorpTagRecord);
    return id;
  } finally {
    await services.records.delete('lock', `corp_tag:${name}`);
  }
}

/**
 * Mirrors a journey's tags on a WeCom customer: each name becomes a corporate tag (`add_corp_tag`, once per
 * name) and is marked on the customer for the member who follows them (`mark_tag`). Contacts that are not
 * WeCom customers, and names longer than WeCom takes, are left out (said in the receipt).
 */
export const tagsChannel = defineChannel({
  kind: 'call',
  name: 'tags',
  title: { 'zh-CN': '企业微信客户标签', en: 'WeCom customer tags' },
  // mark_tag sets tags: doing it twice leaves the same tags.
  honoursIdempotencyKey: true,
  payload: z.strictObject({ contactId: z.string(), add: z.array(z.string()), remove: z.array(z.string()) }),
  deliver: async ({ contactId, add, remove }, { services, signal }) => {
    const follow = await services.records.get<FollowRecord>('follow', contactId);
    if (!follow) return { skipped: 'not a WeCom customer' };
    const fits = (name: string) => [...name].length <= MAX_TAG_NAME;
    // One name after the other: WeCom limits concurrent calls (45033).
    const addIds: string[] = [];
    for (const name of add.filter(fits)) addIds.push((await corpTagId(services, name, true))!);
    const removeIds: string[] = [];
    for (const name of remove.filter(fits)) {
      const id = await corpTagId(services, name, false);
      if (id !== undefined) removeIds.push(id);
    }
    const tooLong = [...add, ...remove].filter((name) => !fits(name));
    if (addIds.length + removeIds.length > 0) {
      await wecomApi(services).post(
        '/cgi-bin/externalcontact/mark_tag',
        { userid: follow.value.userId, external_userid: contactId, add_tag: addIds, remove_tag: removeIds },
        signal,
      );
    }
    return { marked: addIds.length, removed: removeIds.length, ...(tooLong.length > 0 ? { tooLong } : {}) };
  },
});

/** The `tag` node's changes, as calls of `tagsChannel` (only while the plugin is configured). */
export function mirrorTags({ contactId, add, remove }: TagsChange) {
  return add.length + remove.length === 0 ? [] : [tagsChannel.effect({ contactId, add: [...add], remove: [...remove] })];
}
