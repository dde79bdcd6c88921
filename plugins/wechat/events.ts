/**
 * The events the Official Account's callbacks become. Every interaction that opens the follower's
 * customer-service window also emits `interacted`, with `window` saying which quota it granted, so that
 * one event type is what a node waits for and counts (a `wait` resumes on one type).
 */
export const OA_EVENTS = {
  followed: 'official_account.followed',
  unfollowed: 'official_account.unfollowed',
  menuClicked: 'official_account.menu_clicked',
  scanned: 'official_account.scanned',
  messageReceived: 'official_account.message_received',
  interacted: 'official_account.interacted',
} as const;

/** Which customer-service quota an interaction grants (see `WINDOW_GRANTS`). */
export type WindowKind = 'message' | 'event';

/**
 * WeChat's customer-service quotas (客服消息下发额度, rules of June 2023): after the follower sends a
 * message, 5 messages within 48 hours; after they follow, scan a parameter QR code or click a menu that
 * pushes an event (click, scancode_push, scancode_waitmsg), 3 within 1 minute. A new interaction renews
 * its quota rather than adding to it. WeChat refuses a send outside them (45015, 45047).
 */
export const WINDOW_GRANTS: Readonly<Record<WindowKind, { max: number; ms: number }>> = {
  message: { max: 5, ms: 48 * 3_600_000 },
  event: { max: 3, ms: 60_000 },
};
