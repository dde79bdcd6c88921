import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Modal, Popconfirm, Radio, Select, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type ApiKey, type ApiKeyScope, type Role, type User } from '../api/client.ts';
import { PageLayout } from '../app/page-layout.tsx';
import { PagedTable, usePagedList } from '../app/paged-table.tsx';
import { useDateFormat } from '../app/use-date-format.ts';
import { useErrorToast } from '../app/use-error-toast.ts';
import { useSession } from '../auth/session-store.ts';
import { setApiFieldErrors } from '../forms/api-field-errors.ts';
import './team.css';

const ROLES: Role[] = ['admin', 'marketer', 'operator', 'viewer'];
const SCOPES: ApiKeyScope[] = ['ingest', 'commerce', 'viewer', 'operator', 'marketer', 'admin'];

/** A secret the server shows once (a generated password, a new API key), with what it is for. */
interface ShownOnce {
  title: string;
  help: string;
  secret: string;
}

/**
 * The people and programs that may use the workspace (admins only): members with their roles, and API
 * keys for servers and trackers (Segment's write key, Sensors Data's `token`, order systems).
 */
export function TeamPage() {
  const { t } = useTranslation();
  const isAdmin = useSession((s) => s.user?.role === 'admin');
  const [shown, setShown] = useState<ShownOnce | null>(null);
  return (
    <PageLayout title={t('team.title')} wide>
      {isAdmin ? (
        <Space orientation="vertical" size="large" className="team-cards">
          <MembersCard onSecret={setShown} />
          <ApiKeysCard onSecret={setShown} />
        </Space>
      ) : (
        <Alert type="info" showIcon title={t('team.adminsOnly')} />
      )}
      <Modal open={shown !== null} title={shown?.title} onOk={() => setShown(null)} onCancel={() => setShown(null)} cancelButtonProps={{ hidden: true }} okText={t('team.done')}>
        <Typography.Paragraph>{shown?.help}</Typography.Paragraph>
        <Typography.Paragraph code copyable className="team-secret" data-testid="shown-once">
          {shown?.secret}
        </Typography.Paragraph>
      </Modal>
    </PageLayout>
  );
}

/** Members: add one (the server generates a password when none is given), change the role, disable, reset the password, delete. */
function MembersCard({ onSecret }: { onSecret: (shown: ShownOnce) => void }) {
  const { t } = useTranslation();
  const formatDate = useDateFormat();
  const fail = useErrorToast();
  const me = useSession((s) => s.user);
  const fetchPage = useCallback((cursor?: string) => api.users(cursor), []);
  const list = usePagedList(fetchPage);
  const [adding, setAdding] = useState(false);

  const change = async (user: User, patch: Parameters<typeof api.updateUser>[1]) => {
    try {
      const { user: changed, generatedPassword } = await api.updateUser(user.id, patch);
      list.setItems((items) => items.map((u) => (u.id === changed.id ? changed : u)));
      if (generatedPassword) onSecret({ title: t('team.newPasswordTitle'), help: t('team.newPasswordHelp', { email: changed.email }), secret: generatedPassword });
    } catch (error) {
      fail(error);
    }
  };
  const remove = async (user: User) => {
    try {
      await api.deleteUser(user.id);
      list.setItems((items) => items.filter((u) => u.id !== user.id));
    } catch (error) {
      fail(error);
    }
  };

  const columns: TableColumnsType<User> = [
    {
      title: t('team.member'),
      key: 'member',
      render: (_, u) => (
        <div>
          <b>{u.name || u.email}</b>
          {u.name && <div className="muted">{u.email}</div>}
        </div>
      ),
    },
    {
      title: t('team.role'),
      key: 'role',
      width: 200,
      render: (_, u) => (
        <Select<Role>
          aria-label={t('team.roleOf', { email: u.email })}
          value={u.role}
          className="team-role"
          disabled={u.id === me?.id}
          options={ROLES.map((role) => ({ value: role, label: t(`team.roles.${role}`) }))}
          onChange={(role) => void change(u, { role })}
        />
      ),
    },
    {
      title: t('team.status'),
      key: 'status',
      width: 100,
      render: (_, u) => <Tag color={u.disabled ? 'default' : 'success'}>{t(u.disabled ? 'team.disabled' : 'team.enabled')}</Tag>,
    },
    { title: t('team.createdAt'), key: 'createdAt', width: 170, render: (_, u) => formatDate(u.createdAt) },
    {
      title: '',
      key: 'actions',
      width: 260,
      render: (_, u) =>
        u.id === me?.id ? (
          <span className="muted">{t('team.you')}</span>
        ) : (
          <Space>
            <Popconfirm title={t('team.resetConfirm', { email: u.email })} okText={t('team.resetPassword')} onConfirm={() => void change(u, { resetPassword: true })}>
              <Button size="small">{t('team.resetPassword')}</Button>
            </Popconfirm>
            <Button size="small" onClick={() => void change(u, { disabled: !u.disabled })}>
              {t(u.disabled ? 'team.enable' : 'team.disable')}
            </Button>
            <Popconfirm title={t('team.deleteConfirm', { email: u.email })} okText={t('team.delete')} okButtonProps={{ danger: true }} onConfirm={() => void remove(u)}>
              <Button size="small" danger>
                {t('team.delete')}
              </Button>
            </Popconfirm>
          </Space>
        ),
    },
  ];

  return (
    <Card
      title={t('team.members')}
      data-testid="members"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          {t('team.addMember')}
        </Button>
      }
    >
      <p className="muted">{t('team.rolesHelp')}</p>
      <PagedTable<User> rowKey="id" columns={columns} dataSource={list.items} loading={list.loading} hasMore={list.hasMore} onLoadMore={list.loadMore} emptyText={t('team.noMembers')} />
      {adding && (
        <AddMemberModal
          onClose={() => setAdding(false)}
          onAdded={(user, generatedPassword) => {
            setAdding(false);
            list.setItems((items) => [user, ...items]);
            if (generatedPassword) onSecret({ title: t('team.newPasswordTitle'), help: t('team.newPasswordHelp', { email: user.email }), secret: generatedPassword });
          }}
        />
      )}
    </Card>
  );
}

type MemberForm = { email: string; name?: string; role: Role; password?: string };

function AddMemberModal({ onClose, onAdded }: { onClose: () => void; onAdded: (user: User, generatedPassword: string | null) => void }) {
  const { t } = useTranslation();
  const fail = useErrorToast();
  const [form] = Form.useForm<MemberForm>();
  const [saving, setSaving] = useState(false);
  const save = async () => {
    const { password, name, ...values } = await form.validateFields();
    setSaving(true);
    try {
      const { user, generatedPassword } = await api.createUser({ ...values, ...(name ? { name } : {}), ...(password ? { password } : {}) });
      onAdded(user, generatedPassword);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) form.setFields([{ name: 'email', errors: [t('team.emailTaken')] }]);
      else if (!setApiFieldErrors(form, error, t('team.invalid'))) fail(error);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={t('team.addMember')} okText={t('team.add')} confirmLoading={saving} onOk={() => void save()} onCancel={onClose} destroyOnHidden>
      <Form<MemberForm> form={form} layout="vertical" initialValues={{ role: 'marketer' }}>
        <Form.Item name="email" label={t('team.email')} rules={[{ required: true, type: 'email', message: t('team.emailRule') }]}>
          <Input maxLength={320} placeholder="name@example.com" />
        </Form.Item>
        <Form.Item name="name" label={t('team.name')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="role" label={t('team.role')} extra={t('team.rolesHelp')}>
          <Radio.Group options={ROLES.map((role) => ({ value: role, label: t(`team.roles.${role}`) }))} optionType="button" />
        </Form.Item>
        <Form.Item name="password" label={t('team.password')} extra={t('team.passwordHelp')} rules={[{ min: 8, message: t('team.passwordRule') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** API keys: create one (shown once), revoke one. */
function ApiKeysCard({ onSecret }: { onSecret: (shown: ShownOnce) => void }) {
  const { t } = useTranslation();
  const formatDate = useDateFormat();
  const fail = useErrorToast();
  const fetchPage = useCallback((cursor?: string) => api.apiKeys(cursor), []);
  const list = usePagedList(fetchPage);
  const [creating, setCreating] = useState(false);

  const revoke = async (key: ApiKey) => {
    try {
      await api.revokeApiKey(key.id);
      list.reload();
    } catch (error) {
      fail(error);
    }
  };

  const columns: TableColumnsType<ApiKey> = [
    {
      title: t('team.keyName'),
      key: 'name',
      render: (_, k) => (
        <div>
          <b>{k.name}</b>
          <div className="muted">{t('team.keyStartsWith', { prefix: k.prefix })}</div>
        </div>
      ),
    },
    { title: t('team.scope'), key: 'scope', width: 200, render: (_, k) => t(`team.scopes.${k.scope}`) },
    { title: t('team.createdAt'), key: 'createdAt', width: 170, render: (_, k) => formatDate(k.createdAt) },
    { title: t('team.lastUsedAt'), key: 'lastUsedAt', width: 170, render: (_, k) => (k.lastUsedAt ? formatDate(k.lastUsedAt) : t('team.neverUsed')) },
    {
      title: '',
      key: 'actions',
      width: 120,
      render: (_, k) =>
        k.revokedAt ? (
          <Tag>{t('team.revoked')}</Tag>
        ) : (
          <Popconfirm title={t('team.revokeConfirm', { name: k.name })} okText={t('team.revoke')} okButtonProps={{ danger: true }} onConfirm={() => void revoke(k)}>
            <Button size="small" danger>
              {t('team.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Card
      title={t('team.apiKeys')}
      data-testid="api-keys"
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('team.createKey')}
        </Button>
      }
    >
      <p className="muted">{t('team.apiKeysHelp')}</p>
      <PagedTable<ApiKey> rowKey="id" columns={columns} dataSource={list.items} loading={list.loading} hasMore={list.hasMore} onLoadMore={list.loadMore} emptyText={t('team.noKeys')} />
      {creating && (
        <CreateKeyModal
          onClose={() => setCreating(false)}
          onCreated={(key) => {
            setCreating(false);
            list.reload();
            onSecret({ title: t('team.newKeyTitle'), help: t('team.newKeyHelp'), secret: key });
          }}
        />
      )}
    </Card>
  );
}

type KeyForm = { name: string; scope: ApiKeyScope };

function CreateKeyModal({ onClose, onCreated }: { onClose: () => void; onCreated: (key: string) => void }) {
  const { t } = useTranslation();
  const fail = useErrorToast();
  const [form] = Form.useForm<KeyForm>();
  const [saving, setSaving] = useState(false);
  const scope = Form.useWatch('scope', form) ?? 'ingest';
  const save = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      onCreated((await api.createApiKey(values)).key);
    } catch (error) {
      if (!setApiFieldErrors(form, error, t('team.invalid'))) fail(error);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={t('team.createKey')} okText={t('team.create')} confirmLoading={saving} onOk={() => void save()} onCancel={onClose} destroyOnHidden>
      <Form<KeyForm> form={form} layout="vertical" initialValues={{ scope: 'ingest' }}>
        <Form.Item name="name" label={t('team.keyName')} extra={t('team.keyNameHelp')} rules={[{ required: true, whitespace: true, message: t('team.keyNameRule') }]}>
          <Input maxLength={200} placeholder={t('team.keyNamePlaceholder')} />
        </Form.Item>
        <Form.Item name="scope" label={t('team.scope')} extra={t(`team.scopeHelp.${scope}`)}>
          <Select<ApiKeyScope> options={SCOPES.map((s) => ({ value: s, label: t(`team.scopes.${s}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
