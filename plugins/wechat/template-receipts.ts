import type { PluginServices, PluginTask } from '@journey/sdk';

/**
 * How long a template message waits for WeChat's report (`TEMPLATESENDJOBFINISH`, pushed within seconds)
 * before it counts as `sent`: WeChat accepted it, and a report lost on the way says nothing against that.
 */
export const REPORT_WITHIN_MS = 24 * 3_600_000;

/** A template message WeChat accepted, waiting for its report; key: WeChat's msgid. */
export interface TemplateSentRecord extends Record<string, unknown> {
  messageId: string;
  sentAt: number;
  /** The report, when it came before the outbox marked the message as awaiting it: settled by the task. */
  outcome?: { status: 'sent' } | { status: 'failed'; error: string };
}

/** Keeps a template message WeChat accepted, for its report to settle. */
export async function awaitTemplateReport(services: PluginServices, msgid: number, messageId: string): Promise<void> {
  const now = services.now();
  await services.records.put('template_sent', String(msgid), { messageId, sentAt: now } satisfies TemplateSentRecord, { expiresAt: now + 2 * REPORT_WITHIN_MS });
}

/** What a `TEMPLATESENDJOBFINISH` Status means for the message (`success`, `failed:user block`, `failed: system failed`). */
export function reportOutcome(status: string): NonNullable<TemplateSentRecord['outcome']> {
  if (status === 'success') return { status: 'sent' };
  if (/user\s*block/i.test(status)) return { status: 'failed', error: `The follower refuses template messages from the Official Account (WeChat: ${status})` };
  return { status: 'failed', error: `WeChat could not deliver the template message (WeChat: ${status})` };
}

/**
 * Settles a template message by WeChat's report. A report that comes before the outbox marked the
 * message as awaiting it is kept on the record, for `templateReportsTask` to settle.
 */
export async function settleByReport(services: PluginServices, msgid: string, status: string): Promise<void> {
  const sent = await services.records.get<TemplateSentRecord>('template_sent', msgid);
  if (!sent) return;
  const outcome = reportOutcome(status);
  if (await services.settleMessage(sent.value.messageId, outcome)) {
    await services.records.delete('template_sent', msgid);
    return;
  }
  await services.records.put('template_sent', msgid, { ...sent.value, outcome } satisfies TemplateSentRecord, { expiresAt: sent.value.sentAt + 2 * REPORT_WITHIN_MS });
}

/**
 * Settles what the reports could not yet (a report faster than the outbox), and the template messages
 * without a report after `REPORT_WITHIN_MS`, as `sent`.
 */
export const templateReportsTask: PluginTask = {
  name: 'template_reports',
  everyMs: 30_000,
  run: async (services) => {
    for (const { key, value: sent } of await services.records.list<TemplateSentRecord>('template_sent')) {
      const outcome = sent.outcome ?? (services.now() - sent.sentAt > REPORT_WITHIN_MS ? { status: 'sent' as const } : undefined);
      if (outcome === undefined) continue;
      if ((await services.settleMessage(sent.messageId, outcome)) || sent.outcome === undefined) await services.records.delete('template_sent', key);
    }
  },
};
