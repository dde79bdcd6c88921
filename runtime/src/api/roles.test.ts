import { describe, expect, it } from 'vitest';
import { createTestApp } from './test-support.ts';

type Scope = 'admin' | 'marketer' | 'operator' | 'viewer' | 'ingest';
const SCOPES: Scope[] = ['admin', 'marketer', 'operator', 'viewer', 'ingest'];

/**
 * SPEC §5 roles, route group by route group: who gets through (the status a permitted caller
 * gets) and who is refused with 403. `id` is a draft journey made beforehand.
 */
const GROUPS: { group: string; method: string; path: (id: string) => string; body?: unknown; ok: number; allowed: Scope[] }[] = [
  { group: 'read journeys', method: 'GET', path: () => '/api/journeys', ok: 200, allowed: ['admin', 'marketer', 'operator', 'viewer'] },
  { group: 'read node types', method: 'GET', path: () => '/api/node-types', ok: 200, allowed: ['admin', 'marketer', 'operator', 'viewer'] },
  { group: 'read runs', method: 'GET', path: (id) => `/api/journeys/${id}/runs`, ok: 200, allowed: ['admin', 'marketer', 'operator', 'viewer'] },
  { group: 'read messages', method: 'GET', path: () => '/api/messages', ok: 200, allowed: ['admin', 'marketer', 'operator', 'viewer'] },
  { group: 'write journeys', method: 'POST', path: () => '/api/journeys', body: { name: 'j' }, ok: 201, allowed: ['admin', 'marketer'] },
  { group: 'publish journeys', method: 'POST', path: (id) => `/api/journeys/${id}/publish`, ok: 422, allowed: ['admin', 'marketer'] },
  { group: 'operate journeys', method: 'POST', path: (id) => `/api/journeys/${id}/pause`, ok: 409, allowed: ['admin', 'marketer', 'operator'] },
  { group: 'write contacts', method: 'POST', path: () => '/api/contacts', body: { id: 'c1' }, ok: 201, allowed: ['admin', 'marketer'] },
  { group: 'send events', method: 'POST', path: () => '/api/events', body: { contactId: 'c1', type: 'x' }, ok: 202, allowed: ['admin', 'marketer', 'ingest'] },
  { group: 'list contacts', method: 'GET', path: () => '/api/contacts', ok: 200, allowed: ['admin', 'marketer', 'operator', 'viewer'] },
  { group: 'archive plans', method: 'POST', path: () => '/api/plans/gold/archive', ok: 404, allowed: ['admin'] },
  { group: 'manage users', method: 'GET', path: () => '/api/users', ok: 200, allowed: ['admin'] },
  { group: 'manage API keys', method: 'POST', path: () => '/api/api-keys', body: { name: 'k', scope: 'viewer' }, ok: 201, allowed: ['admin'] },
  { group: 'metrics', method: 'GET', path: () => '/metrics', ok: 200, allowed: ['admin', 'operator'] },
];

describe('roles on every route group', () => {
  for (const scope of SCOPES) {
    it(`${scope}: passes exactly the groups its role grants`, async () => {
      const t = await createTestApp();
      const key = (await t.call('POST', '/api/api-keys', { name: scope, scope })).body.key as string;
      const { id } = (await t.call('POST', '/api/journeys', { name: 'draft' })).body;
      const seen: Record<string, number> = {};
      const expected: Record<string, number> = {};
      for (const g of GROUPS) {
        seen[g.group] = (await t.call(g.method, g.path(id), g.body, { Authorization: `Bearer ${key}` })).status;
        expected[g.group] = g.allowed.includes(scope) ? g.ok : 403;
      }
      expect(seen).toEqual(expected);
    });
  }

  it('applies the same grants to signed-in people of each role', async () => {
    const t = await createTestApp();
    const { id } = (await t.call('POST', '/api/journeys', { name: 'draft' })).body;
    for (const role of ['marketer', 'operator', 'viewer'] as const) {
      await t.call('POST', '/api/users', { email: `${role}@example.com`, role, password: 'password-123' });
      const login = await t.call('POST', '/api/auth/login', { email: `${role}@example.com`, password: 'password-123' }, { Authorization: '' });
      const headers = { Authorization: '', Cookie: login.headers.get('Set-Cookie')!.split(';')[0]!, 'X-CSRF-Token': login.body.csrfToken };
      const seen = {
        read: (await t.call('GET', '/api/journeys', undefined, headers)).status,
        write: (await t.call('PUT', `/api/journeys/${id}`, { name: 'x', graph: { nodes: [], edges: [] }, settings: {} }, headers)).status,
        operate: (await t.call('POST', `/api/journeys/${id}/resume`, undefined, headers)).status,
        users: (await t.call('GET', '/api/users', undefined, headers)).status,
      };
      const expected = {
        marketer: { read: 200, write: 200, operate: 409, users: 403 },
        operator: { read: 200, write: 403, operate: 409, users: 403 },
        viewer: { read: 200, write: 403, operate: 403, users: 403 },
      }[role];
      expect({ role, ...seen }).toEqual({ role, ...expected });
    }
  });
});
