import type { AnyNodeSpec } from '../sdk.ts';
import { abSplitSpec } from './ab-split/ab-split.spec.ts';
import { conditionSpec } from './condition/condition.spec.ts';
import { contentPushSpec } from './content-push/content-push.spec.ts';
import { entrySpec } from './entry/entry.spec.ts';
import { exitSpec } from './exit/exit.spec.ts';
import { goalSpec } from './goal/goal.spec.ts';
import { membershipUpsellSpec } from './membership-upsell/membership-upsell.spec.ts';
import { offerSpec } from './offer/offer.spec.ts';
import { referralRewardSpec } from './referral-reward/referral-reward.spec.ts';
import { tagSpec } from './tag/tag.spec.ts';
import { waitEventSpec } from './wait-event/wait-event.spec.ts';
import { waitSpec } from './wait/wait.spec.ts';
import { webhookSpec } from './webhook/webhook.spec.ts';

export {
  abSplitSpec,
  conditionSpec,
  contentPushSpec,
  entrySpec,
  exitSpec,
  goalSpec,
  membershipUpsellSpec,
  offerSpec,
  referralRewardSpec,
  tagSpec,
  waitEventSpec,
  waitSpec,
  webhookSpec,
};

/** The built-in node library, in palette order. */
export const builtinSpecs: readonly AnyNodeSpec[] = [
  entrySpec,
  tagSpec,
  contentPushSpec,
  waitSpec,
  waitEventSpec,
  conditionSpec,
  abSplitSpec,
  offerSpec,
  referralRewardSpec,
  membershipUpsellSpec,
  webhookSpec,
  goalSpec,
  exitSpec,
];
