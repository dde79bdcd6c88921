import type { ButterflyAnalytics } from '../api/client.ts';

/** The funnel's stages, in butterfly order. */
export const STAGES = ['acquired', 'engaged', 'converted', 'referred', 'repurchased'] as const satisfies readonly (keyof ButterflyAnalytics['funnel'])[];
/** The source groups of `byGroup`, in the order the chart shows them. */
export const SOURCE_GROUP_KEYS = ['ad', 'content', 'other', 'referral'] as const satisfies readonly (keyof ButterflyAnalytics['byGroup'])[];
