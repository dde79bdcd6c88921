import { SOURCE_GROUPS, SOURCE_GROUP_TITLES, SOURCE_TITLES, vocabularyTitle } from '@journey/nodes';
import { AutoComplete, Input, Select, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ContactFilter, type ContactListItem, type Journey, type Segment } from '../api/client.ts';
import { PageLayout } from '../app/page-layout.tsx';
import { PagedTable, usePagedList } from '../app/paged-table.tsx';
import { routeHash } from '../app/router.ts';
import { useDateFormat } from '../app/use-date-format.ts';
import { useErrorToast } from '../app/use-error-toast.ts';
import { pinyinSearch } from '../forms/search-match.ts';
import { useLocale } from '../i18n/i18n.ts';
import { useContactWaySources } from '../integrations/use-contact-way-sources.ts';
import { ContactImportButton } from './contact-import.tsx';
import './contacts.css';

const PAGE_SIZE = 50;

/** `filter` with `key` set to `value`, or without it when `value` is empty. */
function withFilter<K extends keyof ContactFilter>(filter: ContactFilter, key: K, value: ContactFilter[K] | undefined): ContactFilter {
  const { [key]: _, ...rest } = filter;
  return value ? { ...rest, [key]: value } : rest;
}

/**
 * The contacts list: search by name, id, phone or tag; filters by tag, first source, journey and
 * segment (chosen by name, found by pinyin too); pages of 50; each contact links to its timeline.
 */
export function ContactsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const formatDate = useDateFormat();
  const fail = useErrorToast();
  const contactWays = useContactWaySources();
  const [journeys, setJourneys] = useState<Journey[]>([]);
  const [segments, setSegments] = useState<Segment[]>([]);
  const [filter, setFilter] = useState<ContactFilter>({});
  const [searchInput, setSearchInput] = useState('');
  const [tagInput, setTagInput] = useState('');

  useEffect(() => {
    api.listJourneys().then((page) => setJourneys(page.items), fail);
    api.segments().then((page) => setSegments(page.items), fail);
  }, [fail]);

  const fetchPage = useCallback((cursor?: string) => api.contacts({ ...filter, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }), [filter]);
  const list = usePagedList(fetchPage);
  const { items } = list;

  const sourceOptions = useMemo(
    () => [
      ...(Object.keys(SOURCE_GROUPS) as (keyof typeof SOURCE_GROUPS)[]).map((group) => ({
        label: SOURCE_GROUP_TITLES[group][locale],
        title: group,
        options: SOURCE_GROUPS[group].map((s) => ({ value: s, label: vocabularyTitle('source', s, locale) })),
      })),
      ...contactWays
        .filter((s) => !(s in SOURCE_TITLES))
        .map((s) => ({ value: s, label: s })),
    ],
    [locale, contactWays],
  );
  // Tags worth suggesting: those of the contacts listed so far.
  const tagOptions = useMemo(() => [...new Set(items.flatMap((c) => c.tags))].sort().map((tag) => ({ value: tag, label: tag })), [items]);

  const columns: TableColumnsType<ContactListItem> = [
    {
      title: t('contacts.name'),
      key: 'name',
      width: 200,
      render: (_, c) => (
        <Tooltip title={c.name ? t('contacts.idTooltip', { id: c.id }) : undefined}>
          <a href={routeHash({ page: 'contact', id: c.id })} data-testid="contact-link">
            {c.name || c.id}
          </a>
        </Tooltip>
      ),
    },
    { title: t('contacts.phone'), key: 'phone', width: 140, render: (_, c) => c.phone ?? <span className="muted">—</span> },
    {
      title: t('contacts.source'),
      key: 'source',
      width: 130,
      render: (_, c) => (c.source ? vocabularyTitle('source', c.source, locale) : <span className="muted">—</span>),
    },
    {
      title: t('contacts.tags'),
      key: 'tags',
      render: (_, c) => c.tags.map((tag) => <Tag key={tag}>{tag}</Tag>),
    },
    {
      title: t('contacts.journeys'),
      key: 'journeys',
      render: (_, c) =>
        c.journeys.map((j) => (
          <a key={j.id} className="contact-journey" href={routeHash({ page: 'monitor', id: j.id })}>
            {j.name}
          </a>
        )),
    },
    {
      title: t('contacts.lastEventAt'),
      key: 'lastEventAt',
      width: 170,
      render: (_, c) => (c.lastEventAt ? formatDate(c.lastEventAt) : <span className="muted">{t('contacts.noEvents')}</span>),
    },
    { title: t('contacts.createdAt'), key: 'createdAt', width: 170, render: (_, c) => formatDate(c.createdAt) },
  ];

  return (
    <PageLayout title={t('contacts.title')} wide actions={<ContactImportButton onImported={list.reload} />}>
      <div className="contact-filters">
        <Input.Search
          allowClear
          aria-label={t('contacts.search')}
          placeholder={t('contacts.search')}
          value={searchInput}
          onChange={(e) => setSearchInput(e.target.value)}
          onSearch={(value) => setFilter((f) => withFilter(f, 'search', value.trim()))}
          style={{ width: 300 }}
        />
        <AutoComplete
          allowClear
          aria-label={t('contacts.tag')}
          placeholder={t('contacts.allTags')}
          value={tagInput}
          options={tagOptions}
          filterOption={(input, option) => pinyinSearch.filterOption(input, option)}
          onChange={(value: string | undefined) => {
            setTagInput(value ?? '');
            if (!value) setFilter((f) => withFilter(f, 'tag', undefined));
          }}
          onSelect={(value: string | undefined) => setFilter((f) => withFilter(f, 'tag', value))}
          onInputKeyDown={(e) => {
            if (e.key === 'Enter') setFilter((f) => withFilter(f, 'tag', tagInput.trim()));
          }}
          style={{ width: 160 }}
        />
        <Select<string>
          allowClear
          showSearch={pinyinSearch}
          aria-label={t('contacts.source')}
          placeholder={t('contacts.allSources')}
          value={filter.source ?? null}
          options={sourceOptions}
          onChange={(source) => setFilter((f) => withFilter(f, 'source', source))}
          style={{ width: 170 }}
        />
        <Select<string>
          allowClear
          showSearch={pinyinSearch}
          aria-label={t('contacts.journey')}
          placeholder={t('contacts.allJourneys')}
          value={filter.journeyId ?? null}
          options={journeys.map((j) => ({ value: j.id, label: j.name }))}
          onChange={(journeyId) => setFilter((f) => withFilter(f, 'journeyId', journeyId))}
          style={{ width: 200 }}
        />
        <Select<string>
          allowClear
          showSearch={pinyinSearch}
          aria-label={t('contacts.segment')}
          placeholder={t('contacts.allSegments')}
          value={filter.segmentId ?? null}
          options={segments.map((s) => ({ value: s.id, label: s.name }))}
          onChange={(segmentId) => setFilter((f) => withFilter(f, 'segmentId', segmentId))}
          style={{ width: 200 }}
        />
      </div>
      <PagedTable<ContactListItem>
        rowKey="id"
        columns={columns}
        dataSource={items}
        loading={list.loading}
        emptyText={Object.keys(filter).length > 0 ? t('contacts.noMatch') : t('contacts.empty')}
        hasMore={list.hasMore}
        onLoadMore={list.loadMore}
      />
    </PageLayout>
  );
}
