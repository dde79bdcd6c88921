import { channelOptions, vocabularyTitle, type Channel } from '@journey/nodes';
import { Input, Select, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Journey, type Message, type MessageFilter, type MessageStatus } from '../api/client.ts';
import { PageLayout } from '../app/page-layout.tsx';
import { PagedTable, usePagedList } from '../app/paged-table.tsx';
import { useErrorToast } from '../app/use-error-toast.ts';
import { routeHash } from '../app/router.ts';
import { useDateFormat } from '../app/use-date-format.ts';
import { useContactNames } from '../contacts/use-contact-names.ts';
import { useJourneyLookup } from '../contacts/use-journey-lookup.ts';
import { useLocale } from '../i18n/i18n.ts';
import './messages.css';
import { pinyinSearch } from '../forms/search-match.ts';

const PAGE_SIZE = 50;
const STATUS_COLORS: Record<MessageStatus, string> = { pending: 'processing', pending_confirmation: 'gold', sent: 'success', failed: 'error', unknown: 'warning' };
const MESSAGE_STATUSES = Object.keys(STATUS_COLORS) as MessageStatus[];

/**
 * The outbox: every message journeys sent or will send, newest first, with channel, status,
 * contact and time; filtered by journey, contact, channel and status on the server.
 */
export function MessagesPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const formatDate = useDateFormat();
  const [journeys, setJourneys] = useState<Journey[]>([]);
  const [filter, setFilter] = useState<MessageFilter>({});
  const [contactInput, setContactInput] = useState('');

  const fail = useErrorToast();

  useEffect(() => {
    api.listJourneys().then((page) => setJourneys(page.items), fail);
  }, [fail]);

  const fetchPage = useCallback((cursor?: string) => api.messages({ ...filter, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }), [filter]);
  const list = usePagedList(fetchPage);
  const { items } = list;

  const names = useContactNames(items.map((m) => m.contactId));
  const lookup = useJourneyLookup(items.map((m) => m.journeyId));

  const columns: TableColumnsType<Message> = [
    { title: t('messages.time'), key: 'time', width: 170, render: (_, m) => formatDate(m.sentAt ?? m.createdAt) },
    {
      title: t('messages.contact'),
      key: 'contact',
      width: 160,
      render: (_, m) => <a href={routeHash({ page: 'contact', id: m.contactId })}>{names[m.contactId] ?? m.contactId}</a>,
    },
    { title: t('messages.channel'), key: 'channel', width: 130, render: (_, m) => vocabularyTitle('channel', m.channel, locale) },
    {
      title: t('messages.status'),
      key: 'status',
      width: 110,
      render: (_, m) => {
        const tag = (
          <Tag color={STATUS_COLORS[m.status]} data-status={m.status}>
            {t(`messageStatus.${m.status}`)}
          </Tag>
        );
        return m.status === 'failed' && m.error ? <Tooltip title={m.error.split('\n')[0]}>{tag}</Tooltip> : tag;
      },
    },
    {
      title: t('messages.journey'),
      key: 'journey',
      width: 220,
      render: (_, m) => (
        <>
          <a href={routeHash({ page: 'monitor', id: m.journeyId })}>{lookup.journeyName(m.journeyId)}</a>
          <div className="muted">{lookup.nodeName(m.journeyId, null, m.nodeId)}</div>
        </>
      ),
    },
    {
      title: t('messages.content'),
      key: 'content',
      render: (_, m) => (
        <div className="message-body">
          {m.title && <b>{m.title} </b>}
          {m.body}
        </div>
      ),
    },
  ];

  return (
    <PageLayout title={t('messages.title')} wide>
      <div className="message-filters">
        <Select<string>
          allowClear
          showSearch={pinyinSearch}
          aria-label={t('messages.journey')}
          placeholder={t('messages.allJourneys')}
          value={filter.journeyId ?? null}
          onChange={(journeyId) => setFilter(({ journeyId: _, ...rest }) => (journeyId ? { ...rest, journeyId } : rest))}
          options={journeys.map((j) => ({ value: j.id, label: j.name }))}
          style={{ width: 220 }}
        />
        <Input.Search
          allowClear
          aria-label={t('messages.contact')}
          placeholder={t('messages.contactPlaceholder')}
          value={contactInput}
          onChange={(e) => setContactInput(e.target.value)}
          onSearch={(value) =>
            setFilter(({ contactId: _, ...rest }) => (value.trim() ? { ...rest, contactId: value.trim() } : rest))
          }
          style={{ width: 220 }}
        />
        <Select<MessageStatus>
          allowClear
          aria-label={t('messages.status')}
          placeholder={t('messages.allStatuses')}
          value={filter.status ?? null}
          onChange={(status) => setFilter(({ status: _, ...rest }) => (status ? { ...rest, status } : rest))}
          options={MESSAGE_STATUSES.map((s) => ({ value: s, label: t(`messageStatus.${s}`) }))}
          style={{ width: 150 }}
        />
        <Select<Channel>
          allowClear
          showSearch={pinyinSearch}
          aria-label={t('messages.channel')}
          placeholder={t('messages.allChannels')}
          value={filter.channel ?? null}
          onChange={(channel) => setFilter(({ channel: _, ...rest }) => (channel ? { ...rest, channel } : rest))}
          options={channelOptions(locale)}
          style={{ width: 170 }}
        />
      </div>
      <PagedTable<Message>
        rowKey="id"
        columns={columns}
        dataSource={items}
        loading={list.loading}
        emptyText={t('messages.empty')}
        hasMore={list.hasMore}
        onLoadMore={list.loadMore}
      />
    </PageLayout>
  );
}
