import { builtinSpecs, CHANNEL_TITLES, describeNodeType, renderNodeSummary, type Locale, type NodeTypeDescription } from '../../nodes/src/index.ts';
import { describe, expect, it } from 'vitest';
import { en } from '../../editor/src/i18n/en.ts';
import { zhCN } from '../../editor/src/i18n/zh-cn.ts';
import { nodeSummary } from '../../editor/src/node-types/node-summary.ts';

/**
 * The declarative card summaries and option labels every built-in serves reproduce what the editor
 * showed from its bundled specs and its own words; the editor now renders the served ones (and shows
 * custom nodes the same way), from the raw config as the canvas stores it, and no card changed.
 */

/** Sample configs of every built-in (raw, as the canvas stores them), covering each branch of its summary. */
const SAMPLES: Record<string, Record<string, unknown>[]> = {
  entry: [{}, { sources: ['douyin_live', 'qr_code'] }, { event: 'order.paid' }, { event: 'order.paid', sources: ['sem'], reentry: 'always' }],
  tag: [{ add: ['vip'] }, { remove: ['lead'] }, { add: ['vip', '新客'], remove: ['lead', 'cold'] }],
  content_push: [
    { template: '你好 {{contact.name}}' },
    ...['wecom_private', 'wecom_group', 'official_account', 'mini_program', 'sms', 'email', 'app_push'].map((channel) => ({ channel, title: '上新', template: 'x' })),
  ],
  wait: [
    {},
    { duration: { days: 2, hours: 3 } },
    { duration: { minutes: 5, seconds: 30 } },
    { mode: 'time_of_day', timeOfDay: '09:30' },
    { mode: 'duration', timeOfDay: '21:00', duration: { hours: 1 } },
  ],
  wait_event: [
    { event: 'order.paid' },
    { event: 'message.clicked', match: { campaign: 'spring' }, timeout: { hours: 2, minutes: 30 } },
    { event: 'order.paid', timeout: { days: 0 } },
  ],
  condition: [
    { rules: [{ kind: 'tag', tag: 'vip' }] },
    { match: 'any', rules: [{ kind: 'tag', tag: 'vip' }, { kind: 'last_event', event: 'order.paid' }, { kind: 'offer' }] },
  ],
  ab_split: [
    {},
    { variants: [{ key: 'a', label: '', weight: 30 }, { key: 'b', label: '新版', weight: 70 }] },
    { variants: [{ key: 'x', weight: 33.3 }, { key: 'y', label: 'Y', weight: 33.3 }, { key: 'z', label: '对照组', weight: 0 }] },
  ],
  offer: [{ name: '新人券' }, { kind: 'gift', name: 'Tote bag', value: 0 }, { name: '满减券', value: 20, threshold: 100 }, { kind: 'gift', name: '赠品', threshold: 100 }],
  referral_reward: [{ reward: {} }, { threshold: 5, reward: { kind: 'coupon', amount: 20 } }, { reward: { kind: 'coupon', amount: 20, threshold: 100 } }],
  membership_upsell: [{ plan: '黑金卡' }],
  webhook: [{ url: 'https://crm.example.com/hooks/journey' }, { url: 'http://10.0.0.1:8080/x?y=1', method: 'PUT' }],
  goal: [{}, { name: '首单' }],
  exit: [{}],
};

/** The card lines the editor showed for the samples before summaries were templates (zh-CN, en). */
const EXPECTED: Record<string, ([zh: string, en: string] | null)[]> = {
  entry: [['事件: 新增联系人', 'Event: Contact acquired'], ['来源: 2 个渠道', 'Sources: 2'], ['事件: 支付订单', 'Event: Order paid'], ['来源: 1 个渠道', 'Sources: 1']],
  tag: [['+vip', '+vip'], ['-lead', '-lead'], ['+vip, 新客 -lead, cold', '+vip, 新客 -lead, cold']],
  content_push: [['推送: 企业微信私聊', 'Push: WeCom private chat'], ['推送: 企业微信私聊', 'Push: WeCom private chat'], ['推送: 企业微信群', 'Push: WeCom group'], ['推送: 公众号', 'Push: Official account'], ['推送: 小程序', 'Push: Mini program'], ['推送: 短信', 'Push: SMS'], ['推送: 邮件', 'Push: Email'], ['推送: App 推送', 'Push: App push']],
  wait: [['等待 0 秒', 'Wait 0 s'], ['等待 2 天 3 小时', 'Wait 2 d 3 h'], ['等待 5 分钟 30 秒', 'Wait 5 min 30 s'], ['等到 09:30', 'Until 09:30'], ['等待 1 小时', 'Wait 1 h']],
  wait_event: [['等待 支付订单（1 天）', 'Wait for Order paid (1 d)'], ['等待 点击消息（2 小时 30 分钟）', 'Wait for Message clicked (2 h 30 min)'], ['等待 支付订单（0 秒）', 'Wait for Order paid (0 s)']],
  condition: [['1 条规则（全部）', '1 rule(s), all'], ['3 条规则（任一）', '3 rule(s), any']],
  ab_split: [['A 50 / B 50', 'A 50 / B 50'], ['a 30 / 新版 70', 'a 30 / 新版 70'], ['x 33.3 / Y 33.3 / 对照组 0', 'x 33.3 / Y 33.3 / 对照组 0']],
  offer: [['发放: 新人券', 'Offer: 新人券'], ['发放: Tote bag', 'Offer: Tote bag'], ['发放: 满减券 · 满 100 减 20', 'Offer: 满减券 · spend 100, save 20'], ['发放: 赠品', 'Offer: 赠品']],
  referral_reward: [
    ['邀请 3 人得奖励', 'Invite 3 to earn a reward'],
    ['邀请 5 人得奖励: 减 20 券', 'Invite 5 to earn a reward: a coupon, save 20'],
    ['邀请 3 人得奖励: 满 100 减 20 券', 'Invite 3 to earn a reward: a coupon, spend 100, save 20'],
  ],
  membership_upsell: [['推荐: 黑金卡', 'Upsell: 黑金卡']],
  webhook: [['POST crm.example.com', 'POST crm.example.com'], ['PUT 10.0.0.1:8080', 'PUT 10.0.0.1:8080']],
  goal: [['目标: 转化', 'Goal: 转化'], ['目标: 首单', 'Goal: 首单']],
  exit: [null],
};

const served = (type: string): NodeTypeDescription =>
  JSON.parse(JSON.stringify(describeNodeType(builtinSpecs.find((s) => s.type === type)!))) as NodeTypeDescription;

describe('card summaries', () => {
  it('has samples for every built-in', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(builtinSpecs.map((s) => s.type).sort());
  });

  for (const spec of builtinSpecs) {
    it(`${spec.type}: the served template renders what the editor shows`, () => {
      const description = served(spec.type);
      SAMPLES[spec.type]!.forEach((raw, i) => {
        const config = spec.config.parse(raw);
        const expected = EXPECTED[spec.type]![i];
        (['zh-CN', 'en'] as const).forEach((locale, l) => {
          const want = expected ? expected[l] : undefined;
          expect(renderNodeSummary(description, config, locale), `${spec.type} #${i} ${locale}`).toBe(want);
          expect(nodeSummary(description, raw, locale), `editor: ${spec.type} #${i} ${locale}`).toBe(want);
        });
      });
    });
  }
});

interface SchemaNode {
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  'x-widget'?: string;
  'x-option-titles'?: Record<string, Record<Locale, string>>;
}

/**
 * Every enum, and every constant field (a tagged union's tag), in a JSON Schema, with where it is. A
 * constant that is one alternative of a value (a URL or `''`) is not a choice.
 */
function choices(node: SchemaNode, path: string, alternative = false): { path: string; node: SchemaNode; values: string[] }[] {
  const own = node.enum ?? (node.const === undefined || alternative ? [] : [node.const]);
  return [
    ...(own.length ? [{ path, node, values: own.map(String) }] : []),
    ...Object.entries(node.properties ?? {}).flatMap(([key, child]) => choices(child, `${path}.${key}`)),
    ...(node.items ? choices(node.items, `${path}[]`) : []),
    ...[...(node.anyOf ?? []), ...(node.oneOf ?? [])].flatMap((branch) => choices(branch, path, true)),
  ];
}

/** The label the editor's form gives an option today: channels from CHANNEL_TITLES, others from its `values` words. */
function editorLabel(node: SchemaNode, value: string, locale: Locale): string {
  if (node['x-widget'] === 'channel') return CHANNEL_TITLES[value as keyof typeof CHANNEL_TITLES][locale];
  const words: Record<string, string> = locale === 'en' ? en.values : zhCN.values;
  return words[value] ?? value;
}

describe('option labels', () => {
  for (const spec of builtinSpecs) {
    it(`${spec.type}: every option is labelled as the editor labels it`, () => {
      for (const { path, node, values } of choices(served(spec.type).configSchema as SchemaNode, spec.type)) {
        for (const value of values) {
          for (const locale of ['zh-CN', 'en'] as const) {
            expect(node['x-option-titles']?.[value]?.[locale], `${path} = ${value} (${locale})`).toBe(editorLabel(node, value, locale));
          }
        }
      }
    });
  }
});
