/**
 * The ids carriers and trackers know a contact by, kept for the integrations (one value per kind).
 * `wechatOpenId` is the contact's openid at the Official Account, `wechatMiniOpenId` at the mini-program
 * (WeChat gives each app its own); `anonymousId` is the id a tracker (Segment, Sensors Data) knew the
 * contact by before they signed in.
 */
export const IDENTITY_KINDS = ['phone', 'email', 'wecomExternalUserId', 'wechatOpenId', 'wechatMiniOpenId', 'wechatUnionId', 'anonymousId'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

/** Whether a trait's name is an identity kind. */
export function isIdentityKind(name: string): name is IdentityKind {
  return (IDENTITY_KINDS as readonly string[]).includes(name);
}
