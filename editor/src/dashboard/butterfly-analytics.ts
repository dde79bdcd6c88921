import type { ButterflyAnalytics } from '../api/client.ts';

/** The funnel's stages, in butterfly order. */
export const STAGES = ['acquired', 'engaged', 'converted', 'referred', 'repurchased'] as const satisfies readonly (keyof ButterflyAnalytics['funnel'])[];
/** The source groups of `byGroup`, in the order the chart shows them. */
export const SOURCE_GROUP_KEYS = ['ad', 'content', 'other', 'referral'] as const satisfies readonly (keyof ButterflyAnalytics['byGroup'])[];

/** The dashboard's words in both UI languages. */
export const DASHBOARD_TEXT = {
  'zh-CN': {
    title: '蝴蝶模型看板',
    allJourneys: '全部旅程',
    funnel: '阶段漏斗',
    byGroup: '按渠道分组',
    stages: { acquired: '引流', engaged: '运营触达', converted: '转化', referred: '裂变', repurchased: '复购' },
    groups: { ad: '广告投放', content: '内容引流', other: '其他渠道', referral: '好友邀请' },
    kFactor: 'K 因子',
    depth: '裂变层级',
    treeSize: '裂变树规模',
    repurchaseRate: '复购率',
    memberships: '有效会员',
    balance: '储值余额',
    cac: '获客成本（邀请前 / 邀请后）',
    source: '渠道',
    cost: '投入',
    cacBefore: '邀请前 CAC',
    cacAfter: '邀请后 CAC',
    goals: '目标转化',
    goal: '目标',
    contacts: '人数',
    rate: '转化率',
    empty: '还没有数据：发布旅程并接入事件后这里会显示数字',
  },
  en: {
    title: 'Butterfly dashboard',
    allJourneys: 'All journeys',
    funnel: 'Stage funnel',
    byGroup: 'By source group',
    stages: { acquired: 'Acquired', engaged: 'Engaged', converted: 'Converted', referred: 'Referred', repurchased: 'Repurchased' },
    groups: { ad: 'Ads', content: 'Content', other: 'Other', referral: 'Referrals' },
    kFactor: 'K-factor',
    depth: 'Referral depth',
    treeSize: 'Referral tree size',
    repurchaseRate: 'Repurchase rate',
    memberships: 'Active members',
    balance: 'Stored value outstanding',
    cac: 'Acquisition cost (before / after referral)',
    source: 'Source',
    cost: 'Spend',
    cacBefore: 'CAC before',
    cacAfter: 'CAC after',
    goals: 'Goal conversion',
    goal: 'Goal',
    contacts: 'Contacts',
    rate: 'Rate',
    empty: 'No data yet: publish a journey and send events to see numbers here',
  },
} as const;
