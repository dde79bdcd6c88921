import type { LocalizedText, Locale } from './define-node.ts';

/** Where a contact came from. Groups follow the traffic kinds operators plan budgets by. */
export const SOURCE_GROUPS = {
  ad: ['sem', 'feed_ad', 'display_ad'],
  content: ['douyin_live', 'taobao_live', 'short_video', 'article'],
  other: ['promo', 'offline_store', 'offline_ad', 'qr_code'],
} as const;

export type SourceGroup = keyof typeof SOURCE_GROUPS;
export type BuiltinSource = (typeof SOURCE_GROUPS)[SourceGroup][number];

export const SOURCE_GROUP_TITLES: Record<SourceGroup, LocalizedText> = {
  ad: { 'zh-CN': '广告投放', en: 'Ads' },
  content: { 'zh-CN': '内容引流', en: 'Content' },
  other: { 'zh-CN': '其他渠道', en: 'Other' },
};

export const SOURCE_TITLES: Record<BuiltinSource, LocalizedText> = {
  sem: { 'zh-CN': '搜索广告', en: 'Search ads' },
  feed_ad: { 'zh-CN': '信息流广告', en: 'Feed ads' },
  display_ad: { 'zh-CN': '展示广告', en: 'Display ads' },
  douyin_live: { 'zh-CN': '抖音直播', en: 'Douyin live' },
  taobao_live: { 'zh-CN': '淘宝直播', en: 'Taobao live' },
  short_video: { 'zh-CN': '短视频', en: 'Short video' },
  article: { 'zh-CN': '图文内容', en: 'Articles' },
  promo: { 'zh-CN': '促销活动', en: 'Promotions' },
  offline_store: { 'zh-CN': '线下门店', en: 'Offline store' },
  offline_ad: { 'zh-CN': '线下广告', en: 'Offline ads' },
  qr_code: { 'zh-CN': '扫码', en: 'QR code' },
};

/** The group of a source; sources added by users (not built in) count as `other`. */
export function sourceGroupOf(source: string): SourceGroup {
  for (const [group, sources] of Object.entries(SOURCE_GROUPS) as [SourceGroup, readonly string[]][]) {
    if (sources.includes(source)) return group;
  }
  return 'other';
}

/** Delivery channels a content push can use; each is served by a channel adapter. */
export const CHANNELS = [
  'wecom_private',
  'wecom_group',
  'official_account',
  'mini_program',
  'sms',
  'email',
  'app_push',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_TITLES: Record<Channel, LocalizedText> = {
  wecom_private: { 'zh-CN': '企业微信私聊', en: 'WeCom private chat' },
  wecom_group: { 'zh-CN': '企业微信群', en: 'WeCom group' },
  official_account: { 'zh-CN': '公众号', en: 'Official account' },
  mini_program: { 'zh-CN': '小程序', en: 'Mini program' },
  sms: { 'zh-CN': '短信', en: 'SMS' },
  email: { 'zh-CN': '邮件', en: 'Email' },
  app_push: { 'zh-CN': 'App 推送', en: 'App push' },
};

/** Event types the product itself understands; users may send any other type too. */
export const KNOWN_EVENTS = [
  'contact.acquired',
  'message.clicked',
  'order.paid',
  'offer.redeemed',
  'membership.purchased',
  'membership.renewed',
  'membership.expired',
  'order.refunded',
  'contact.lost',
  'contact.unsubscribed',
  'contact.subscribed',
  'page.viewed',
  'screen.viewed',
  'official_account.followed',
  'official_account.unfollowed',
  'official_account.scanned',
  'official_account.menu_clicked',
  'official_account.message_received',
  'official_account.interacted',
  'official_account.subscribed',
  'official_account.subscription_used',
  'mini_program.subscribed',
  'mini_program.subscription_used',
] as const;
export type KnownEvent = (typeof KNOWN_EVENTS)[number];

export const EVENT_TITLES: Record<KnownEvent, LocalizedText> = {
  'contact.acquired': { 'zh-CN': '新增联系人', en: 'Contact acquired' },
  'message.clicked': { 'zh-CN': '点击消息', en: 'Message clicked' },
  'order.paid': { 'zh-CN': '支付订单', en: 'Order paid' },
  'offer.redeemed': { 'zh-CN': '核销优惠券', en: 'Offer redeemed' },
  'membership.purchased': { 'zh-CN': '开通会员', en: 'Membership purchased' },
  'membership.renewed': { 'zh-CN': '续费会员', en: 'Membership renewed' },
  'membership.expired': { 'zh-CN': '会员到期', en: 'Membership expired' },
  'order.refunded': { 'zh-CN': '订单退款', en: 'Order refunded' },
  'contact.lost': { 'zh-CN': '联系人流失（删除好友）', en: 'Contact lost (removed)' },
  'contact.unsubscribed': { 'zh-CN': '退订', en: 'Unsubscribed' },
  'contact.subscribed': { 'zh-CN': '重新订阅', en: 'Subscribed again' },
  'page.viewed': { 'zh-CN': '浏览页面', en: 'Page viewed' },
  'screen.viewed': { 'zh-CN': '浏览 App 页面', en: 'App screen viewed' },
  'official_account.followed': { 'zh-CN': '关注公众号', en: 'Followed the Official Account' },
  'official_account.unfollowed': { 'zh-CN': '取消关注公众号', en: 'Unfollowed the Official Account' },
  'official_account.scanned': { 'zh-CN': '扫描公众号二维码', en: 'Scanned an Official Account QR code' },
  'official_account.menu_clicked': { 'zh-CN': '点击公众号菜单', en: 'Clicked an Official Account menu' },
  'official_account.message_received': { 'zh-CN': '给公众号发消息', en: 'Messaged the Official Account' },
  'official_account.interacted': { 'zh-CN': '与公众号互动（可发客服消息）', en: 'Interacted with the Official Account (customer-service window open)' },
  'official_account.subscribed': { 'zh-CN': '订阅公众号通知', en: 'Subscribed to an Official Account notification' },
  'official_account.subscription_used': { 'zh-CN': '用掉一次公众号订阅', en: 'Used an Official Account subscription' },
  'mini_program.subscribed': { 'zh-CN': '订阅小程序消息', en: 'Subscribed to a mini-program message' },
  'mini_program.subscription_used': { 'zh-CN': '用掉一次小程序订阅', en: 'Used a mini-program subscription' },
};

/** The built-in channels as select options, by their name in `locale`. */
export function channelOptions(locale: Locale): { value: Channel; label: string }[] {
  return CHANNELS.map((c) => ({ value: c, label: CHANNEL_TITLES[c][locale] }));
}

/**
 * The name people read for an id of the vocabulary — an event type, a source or a channel — in their
 * language; an id the product does not know (a user's own source or event) is shown as it is.
 *
 * @example vocabularyTitle('source', 'douyin_live', 'zh-CN') // "抖音直播"
 */
export function vocabularyTitle(kind: 'event' | 'source' | 'channel', id: string, locale: Locale): string {
  const titles: Partial<Record<string, LocalizedText>> = kind === 'event' ? EVENT_TITLES : kind === 'source' ? SOURCE_TITLES : CHANNEL_TITLES;
  return titles[id]?.[locale] ?? id;
}
