import { z, type PluginRoute } from '@journey/sdk';
import { WecomError } from './wecom-api.ts';
import { wecomApi } from './wecom-client.ts';

/** A contact way (渠道活码) of one source: every customer who scans its QR code arrives with `State` = the source. */
export interface ContactWay extends Record<string, unknown> {
  source: string;
  configId: string;
  /** WeCom's image of the QR code (on WeCom's CDN; the editor shows it through `…/contact-ways/:source/qr-code`). */
  qrCode: string;
  userIds: string[];
  remark: string;
  createdAt: number;
}

/** The body of `POST /api/integrations/wecom/contact-ways`. */
export const newContactWaySchema = z.strictObject({
  /** The entry node's source id, and the contact way's `state` (WeCom takes at most 30 characters). */
  source: z.string().regex(/^[a-z0-9_]{1,30}$/, { message: 'Lowercase letters, digits and _ only, at most 30 (WeCom’s state)' }),
  /** The members customers are added to (several: WeCom spreads them). */
  userIds: z.array(z.string().trim().min(1).max(64)).min(1).max(100),
  remark: z.string().trim().max(30).default(''),
});

const json = (body: unknown, status = 200) => Response.json(body, { status });
const problem = (status: number, code: string, message: string, details?: unknown) =>
  json({ error: { code, message, ...(details === undefined ? {} : { details }) } }, status);

const list: PluginRoute = {
  method: 'GET',
  path: '/contact-ways',
  access: 'read',
  summary: 'The contact ways (渠道活码) by source, with their QR codes',
  handle: async (_request, { services }) => json({ items: (await services.records.list<ContactWay>('contact_way')).map((r) => r.value) }),
};

const create: PluginRoute = {
  method: 'POST',
  path: '/contact-ways',
  access: 'admin',
  summary: 'Creates the contact way (渠道活码, add_contact_way) of a source: customers who scan it enter with that source',
  handle: async (request, { services }) => {
    const parsed = newContactWaySchema.safeParse(await request.json().catch(() => undefined));
    if (!parsed.success) {
      return problem(400, 'invalid_input', 'The contact way is not valid', parsed.error.issues.map((i) => ({ path: i.path, message: i.message })));
    }
    const { source, userIds, remark } = parsed.data;
    if (await services.records.get('contact_way', source)) return problem(409, 'conflict', `Source ${source} already has a contact way`);
    let answer: { config_id: string; qr_code: string };
    try {
      answer = await wecomApi(services).post('/cgi-bin/externalcontact/add_contact_way', {
        type: userIds.length > 1 ? 2 : 1,
        scene: 2,
        state: source,
        user: userIds,
        remark,
        skip_verify: true,
      });
    } catch (err) {
      if (err instanceof WecomError && err.errcode === 60111) {
        return problem(400, 'invalid_input', 'WeCom does not know one of the members', [{ path: ['userIds'], message: err.errmsg }]);
      }
      throw err;
    }
    const way: ContactWay = { source, configId: answer.config_id, qrCode: answer.qr_code, userIds, remark, createdAt: services.now() };
    await services.records.put('contact_way', source, way);
    return json(way, 201);
  },
};

/** The QR codes WeCom draws are images on its own CDN, which the editor's CSP (own origin only) does not load. */
const QR_CODE_TYPES = /^image\/(png|jpeg|gif|webp)$/;

const qrCode: PluginRoute = {
  method: 'GET',
  path: '/contact-ways/:source/qr-code',
  access: 'read',
  summary: "A contact way's QR code image, fetched from WeCom (the editor shows it from the app's own origin)",
  handle: async (_request, { services, params }) => {
    const way = await services.records.get<ContactWay>('contact_way', params.source ?? '');
    if (!way) return problem(404, 'not_found', `Source ${params.source} has no contact way`);
    const image = await fetch(way.value.qrCode, { signal: AbortSignal.timeout(10_000), redirect: 'follow' });
    const type = image.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
    if (!image.ok || !QR_CODE_TYPES.test(type)) return problem(502, 'upstream_failed', `WeCom answered ${image.status} (${type || 'no type'}) for the QR code`);
    return new Response(await image.arrayBuffer(), { headers: { 'Content-Type': type, 'Cache-Control': 'private, max-age=86400' } });
  },
};

export const contactWayRoutes: readonly PluginRoute[] = [list, create, qrCode];
