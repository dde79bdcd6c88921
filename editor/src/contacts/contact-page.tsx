import { CHANNEL_TITLES, vocabularyTitle } from '@journey/nodes';
import { Card, Descriptions, Empty, Result, Spin, Table, Tag, Timeline, Tooltip } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ContactDetail, type ContactEvent, type Message, type Step } from '../api/client.ts';
import { friendlyError } from '../api/friendly-error.ts';
import { PageLayout } from '../app/page-layout.tsx';
import { routeHash } from '../app/router.ts';
import { useDateFormat } from '../app/use-date-format.ts';
import { expireOnUnauthorized } from '../auth/session-store.ts';
import { useLocale } from '../i18n/i18n.ts';
import { errorSummary } from '../monitor/error-summary.ts';
import { HeldNote, reasonText } from '../monitor/hold-reason.tsx';
import { RunStatusTag } from '../monitor/runs-panel.tsx';
import { eventProperties, stepExplanation } from './step-explanation.ts';
import { useJourneyLookup, type JourneyLookup } from './use-journey-lookup.ts';
import './contacts.css';

type Loaded =
  | { state: 'loading' }
  | { state: 'failed'; error: unknown }
  | { state: 'ready'; contact: ContactDetail; steps: Step[]; events: ContactEvent[]; messages: Message[] };

/** Reads every page of a list: a contact's steps and events are few enough to show at once. */
async function everyPage<T>(read: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** A contact: attributes, tags, memberships, stored value and offers when present, journeys, and every step taken. */
export function ContactPage({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  return (
    <PageLayout title={t('contact.title')} actions={<a href={routeHash({ page: 'contacts' })}>{t('contact.backToList')}</a>}>
      <ContactDetails contactId={contactId} />
    </PageLayout>
  );
}

/** One contact's details and timeline; the contact page shows it, and the monitor in a side panel. */
export function ContactDetails({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const formatDate = useDateFormat();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });

  useEffect(() => {
    let current = true;
    Promise.all([
      api.contact(contactId),
      everyPage((cursor) => api.timeline(contactId, cursor)),
      everyPage((cursor) => api.contactEvents(contactId, cursor)),
      api.messages({ contactId, limit: 500 }),
    ]).then(
      ([contact, steps, events, messages]) => current && setLoaded({ state: 'ready', contact, steps, events, messages: messages.items }),
      (error: unknown) => {
        if (current && !expireOnUnauthorized(error)) setLoaded({ state: 'failed', error });
      },
    );
    return () => {
      current = false;
    };
  }, [contactId]);

  const journeyIds = loaded.state === 'ready' ? loaded.contact.runs.map((r) => r.journeyId) : [];
  const lookup = useJourneyLookup(journeyIds);

  if (loaded.state === 'loading') return <Spin />;
  if (loaded.state === 'failed') {
    const notFound = (loaded.error as { status?: number }).status === 404;
    return <Result status="warning" title={notFound ? t('contact.notFound') : friendlyError(loaded.error, t)} />;
  }
  const { contact, steps, events, messages } = loaded;
  const attributes = Object.entries(contact.attributes);
  return (
    <div className="contact-grid">
      <div className="contact-side">
        <Card>
          <h2 className="contact-name">{contact.name || contact.id}</h2>
          {contact.name && <div className="muted">{contact.id}</div>}
          <div className="muted">{t('contact.createdAt', { time: formatDate(contact.createdAt) })}</div>
        </Card>
        <Card title={t('contact.tags')} size="small">
          {contact.tags.length ? contact.tags.map((tag) => <Tag key={tag}>{tag}</Tag>) : <span className="muted">{t('contact.noTags')}</span>}
        </Card>
        <Card title={t('contact.attributes')} size="small">
          {attributes.length ? (
            <Descriptions size="small" column={1} items={attributes.map(([k, v]) => ({ key: k, label: k, children: display(v) }))} />
          ) : (
            <span className="muted">{t('contact.noAttributes')}</span>
          )}
        </Card>
        {(contact.memberships.length > 0 || contact.balance > 0) && (
          <Card title={t('contact.membership')} size="small">
            {contact.memberships.map((m) => (
              <div key={`${m.planId}-${m.expiresAt}`} className="contact-offer">
                <b>{m.tier}</b>{' '}
                <Tag color={m.status === 'active' ? 'success' : 'default'}>{t(`contact.membershipStatus.${m.status}`)}</Tag>
                <span className="muted">{t('contact.expiresAt', { time: formatDate(m.expiresAt) })}</span>
              </div>
            ))}
            {contact.balance > 0 && <div>{t('contact.balance', { amount: contact.balance })}</div>}
          </Card>
        )}
        <ConsentCard optOuts={contact.consent.optOuts} />
        {contact.offers.length > 0 && (
          <Card title={t('contact.offers')} size="small">
            {contact.offers.map((offer) => (
              <div key={offer.code} className="contact-offer">
                <b>{offer.name}</b> {offer.value > 0 && `${offer.value} ${offer.currency} `}
                <Tag color={offer.redeemedAt ? 'default' : 'processing'}>{t(offer.redeemedAt ? 'contact.offerRedeemed' : 'contact.offerOpen')}</Tag>
                <div className="muted">
                  {t('contact.offerCode', { code: offer.code })} ·{' '}
                  {offer.redeemedAt ? formatDate(offer.redeemedAt) : t('contact.expiresAt', { time: formatDate(offer.expiresAt) })}
                </div>
              </div>
            ))}
          </Card>
        )}
      </div>
      <div className="contact-main">
        <Card title={t('contact.runs')} size="small">
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={contact.runs}
            columns={[
              {
                title: t('messages.journey'),
                key: 'journey',
                render: (_, run) => <a href={routeHash({ page: 'monitor', id: run.journeyId })}>{lookup.journeyName(run.journeyId)}</a>,
              },
              {
                title: t('monitor.status'),
                key: 'status',
                render: (_, run) => (
                  <>
                    <RunStatusTag status={run.status} />
                    {run.held && <HeldNote held={run.held} />}
                  </>
                ),
              },
              {
                title: t('contact.currentNode'),
                key: 'node',
                render: (_, run) => lookup.nodeName(run.journeyId, run.version, run.nodeId),
              },
              { title: t('monitor.since'), key: 'time', render: (_, run) => formatDate(run.updatedAt) },
            ]}
          />
        </Card>
        <Card title={t('contact.timeline')} size="small">
          <StepTimeline steps={steps} events={events} messages={messages} lookup={lookup} />
        </Card>
      </div>
    </div>
  );
}

/**
 * Steps and received events in one line of time (an event before the steps it caused): each event with
 * its properties; each step with its outcome, why it went so (entry source, wait until, deciding rule)
 * and the messages it sent, with their text and channel.
 */
function StepTimeline({ steps, events, messages, lookup }: { steps: Step[]; events: ContactEvent[]; messages: Message[]; lookup: JourneyLookup }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const formatDate = useDateFormat(true);
  // A step's messages: their idempotency key is `<runId>:<nodeId>:<seq>` (then `:1`, `:2`, … for more).
  const messagesOf = useMemo(() => {
    const key = (s: Step) => `${s.runId}:${s.nodeId}:${s.seq}`;
    return (step: Step) => messages.filter((m) => m.runId === step.runId && (m.idempotencyKey === key(step) || m.idempotencyKey.startsWith(`${key(step)}:`)));
  }, [messages]);
  const items = useMemo(() => {
    const explain = { t, locale, formatDate };
    const received = events.map((event) => ({
      at: Date.parse(event.timestamp),
      order: 0,
      key: `event:${event.id}`,
      color: 'green',
      content: (
        <div className="step" data-testid="timeline-event">
          <div>
            <Tooltip title={event.type}>
              <b>{t('contact.received', { event: vocabularyTitle('event', event.type, locale) })}</b>
            </Tooltip>
          </div>
          <div className="muted">{formatDate(event.timestamp)}</div>
          {eventProperties(event, explain).map((line) => (
            <Tag key={line} className="step-property">{line}</Tag>
          ))}
        </div>
      ),
    }));
    const taken = steps.map((step) => ({
      at: Date.parse(step.startedAt),
      order: 1,
      key: `step:${step.id}`,
      color: step.outcome === 'error' ? 'red' : step.outcome === 'wait' ? 'orange' : step.outcome === 'end' ? 'gray' : 'blue',
      content: (
        <div className="step" data-testid="timeline-step">
          <div>
            <b>{lookup.nodeName(step.journeyId, step.version, step.nodeId, step.nodeType)}</b>{' '}
            <span className="muted">· {lookup.journeyName(step.journeyId)}</span>
          </div>
          <div className="muted">
            {formatDate(step.startedAt)} · {t(`contact.outcome.${step.outcome}`, { defaultValue: step.outcome })}
            {step.port && ` · ${t('contact.port', { port: lookup.portName(step.nodeType, step.port) })}`}
            {step.attempt > 1 && ` · ${t('contact.attempt', { count: step.attempt })}`}
          </div>
          {stepExplanation(step, lookup.nodeConfig(step.journeyId, step.version, step.nodeId), explain).map((line) => (
            <div key={line} className="step-explanation" data-testid="step-explanation">{line}</div>
          ))}
          {step.reason && (
            <div className="step-reason" data-testid="step-reason" data-reason={step.reason}>
              {reasonText(t, step.reason)}
            </div>
          )}
          {step.error && <div className="run-error">{errorSummary(step.error)}</div>}
          {messagesOf(step).map((m) => (
            <div key={m.id} className="step-message" data-testid="timeline-message">
              <Tooltip title={m.channel}>
                <Tag color="geekblue">{vocabularyTitle('channel', m.channel, locale)}</Tag>
              </Tooltip>
              {m.title && <b>{m.title}：</b>}
              {m.body}
            </div>
          ))}
        </div>
      ),
    }));
    // Stable sort: within one kind the API's order stands.
    return [...received, ...taken].sort((a, b) => a.at - b.at || a.order - b.order).map(({ key, color, content }) => ({ key, color, content }));
  }, [steps, events, lookup, formatDate, t, messagesOf, locale]);
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('contact.noTimeline')} />;
  return <Timeline items={items} />;
}

/** The channels the contact opted out of, each with when and from where; or that it receives every channel. */
function ConsentCard({ optOuts }: { optOuts: ContactDetail['consent']['optOuts'] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const formatDate = useDateFormat();
  const channelName = (channel: string) =>
    channel === '*' ? t('consent.allChannels') : ((CHANNEL_TITLES as Record<string, Record<'zh-CN' | 'en', string> | undefined>)[channel]?.[locale] ?? channel);
  return (
    <Card title={t('consent.title')} size="small" data-testid="consent">
      {optOuts.length === 0 ? (
        <span className="muted">{t('consent.none')}</span>
      ) : (
        optOuts.map((o) => (
          <div key={o.channel} className="contact-offer" data-testid="opt-out" data-channel={o.channel}>
            <Tag color="red">{t('consent.optedOut', { channel: channelName(o.channel) })}</Tag>
            <div className="muted">{t('consent.since', { time: formatDate(o.at), source: o.source })}</div>
          </div>
        ))
      )}
    </Card>
  );
}

function display(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
