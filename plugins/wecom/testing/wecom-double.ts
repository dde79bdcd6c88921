/**
 * A local double of WeCom's server API for tests: the endpoints the plugin calls, with WeCom's documented
 * request and response shapes and error codes. It keeps the corp's state in memory (tokens, customers and
 * who follows them, welcome codes, mass-send tasks and their results, corporate tags) and records every
 * request. Nothing here reaches the real WeCom.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DoubleCustomer {
  external_userid: string;
  name: string;
  unionid?: string;
  /** The members who follow the customer, with the state (渠道) they added through. */
  follow_user: { userid: string; state?: string; createtime: number; tags: { group_name: string; tag_name: string; tag_id: string; type: 1 }[] }[];
}

export interface DoubleTask {
  msgid: string;
  chat_type: 'single' | 'group';
  sender: string;
  external_userid: string[];
  chat_id_list: string[];
  text: string;
  /** Per receiver (external_userid or chat id): 0 unsent, 1 sent, 2 not a friend, 3 monthly limit reached. */
  status: Map<string, 0 | 1 | 2 | 3>;
}

export interface RecordedCall {
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown> | undefined;
  at: number;
}

/** The image the double's contact-way QR codes show (a PNG, as WeCom's CDN serves them). */
const QR_IMAGE = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** Answers WeCom gives, by errcode, as the documentation words them. */
const ERRMSG: Record<number, string> = {
  40001: 'invalid secret',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40050: 'chatid not found',
  40058: 'invalid Request Parameter',
  40096: 'invalid external userid',
  41051: 'externaluser has started chatting',
  42001: 'access_token expired',
  44004: 'empty content',
  45009: 'api freq out of limit',
  45033: 'api concurrent out of limit',
  60111: 'invalid string value `userid`',
};

export class WecomDouble {
  readonly calls: RecordedCall[] = [];
  readonly customers = new Map<string, DoubleCustomer>();
  readonly members = new Set<string>(['zhangsan', 'lisi']);
  /** Welcome codes WeCom handed out in callbacks and not yet used. */
  readonly welcomeCodes = new Set<string>();
  readonly welcomes: { welcome_code: string; text: string }[] = [];
  readonly tasks = new Map<string, DoubleTask>();
  /** Customer groups (客户群) by chat id. */
  readonly groups = new Map<string, { name: string; owner: string }>();
  readonly contactWays = new Map<string, { config_id: string; state: string; user: string[]; qr_code: string }>();
  /** Corporate tags by id. */
  readonly corpTags = new Map<string, { id: string; name: string; group_name: string }>();
  /** mark_tag calls applied: userid, external_userid, the tag ids now on the customer for that member. */
  readonly marks = new Map<string, Set<string>>();
  /** errcodes to answer the next calls of a path with, in order (then back to normal). */
  readonly failNext = new Map<string, number[]>();
  /** How long issued tokens live, in seconds (WeCom: 7200). */
  expiresIn = 7200;
  /** Every token handed out, with when it stops being valid (epoch ms). */
  readonly tokens = new Map<string, number>();
  #server: Server | undefined;
  #seq = 0;

  constructor(
    readonly corpId = 'ww1436e0e65a779aee',
    readonly secret = 'contact-secret',
    readonly now: () => number = () => Date.now(),
  ) {}

  get url(): string {
    return `http://127.0.0.1:${(this.#server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      if (req.method === 'GET' && req.url?.startsWith('/wwpic/')) {
        res.writeHead(200, { 'Content-Type': 'image/png' }).end(QR_IMAGE);
        return;
      }
      void this.#handle(req).then(
        (answer) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer)),
        (err: unknown) => res.writeHead(500).end(String(err)),
      );
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.#server?.close(resolve));
  }

  callsTo(path: string): RecordedCall[] {
    return this.calls.filter((c) => c.path === path);
  }

  /** A customer a member just added: WeCom then sends `add_external_contact` with this welcome code. */
  addCustomer(customer: { external_userid: string; name: string; unionid?: string; userid: string; state?: string }): string {
    const welcomeCode = `WELCOME_${randomBytes(6).toString('hex')}`;
    this.welcomeCodes.add(welcomeCode);
    const existing = this.customers.get(customer.external_userid);
    const follow = { userid: customer.userid, createtime: Math.floor(this.now() / 1000), tags: [], ...(customer.state ? { state: customer.state } : {}) };
    this.customers.set(customer.external_userid, {
      external_userid: customer.external_userid,
      name: customer.name,
      ...(customer.unionid ? { unionid: customer.unionid } : {}),
      follow_user: [...(existing?.follow_user ?? []), follow],
    });
    return welcomeCode;
  }

  /** The member confirms (or the customer is no friend, or over the monthly limit) for a task's receivers. */
  settleTask(msgid: string, status: 1 | 2 | 3): void {
    const task = this.tasks.get(msgid)!;
    for (const receiver of task.status.keys()) task.status.set(receiver, status);
  }

  async #handle(req: IncomingMessage): Promise<Record<string, unknown>> {
    const url = new URL(req.url ?? '/', 'http://double');
    const query = Object.fromEntries(url.searchParams);
    let raw = '';
    for await (const chunk of req) raw += (chunk as Buffer).toString();
    const body = raw === '' ? undefined : (JSON.parse(raw) as Record<string, unknown>);
    const path = url.pathname;
    this.calls.push({ path, query, body, at: this.now() });
    const fail = (errcode: number) => ({ errcode, errmsg: `${ERRMSG[errcode] ?? 'error'}, hint: [${++this.#seq}]` });
    const injected = this.failNext.get(path)?.shift();
    if (injected !== undefined) return fail(injected);

    if (path === '/cgi-bin/gettoken') {
      if (query.corpid !== this.corpId) return fail(40013);
      if (query.corpsecret !== this.secret) return fail(40001);
      const token = `TOKEN_${randomBytes(8).toString('hex')}`;
      this.tokens.set(token, this.now() + this.expiresIn * 1000);
      return { errcode: 0, errmsg: 'ok', access_token: token, expires_in: this.expiresIn };
    }
    const validUntil = this.tokens.get(query.access_token ?? '');
    if (validUntil === undefined) return fail(40014);
    if (validUntil <= this.now()) return fail(42001);

    switch (path) {
      case '/cgi-bin/externalcontact/get': {
        const customer = this.customers.get(query.external_userid ?? '');
        if (!customer) return fail(40096);
        const { follow_user, ...external_contact } = customer;
        return { errcode: 0, errmsg: 'ok', external_contact: { ...external_contact, type: 1, gender: 0 }, follow_user };
      }
      case '/cgi-bin/externalcontact/groupchat/get': {
        const group = this.groups.get(String(body?.chat_id ?? ''));
        if (!group) return fail(40050);
        return { errcode: 0, errmsg: 'ok', group_chat: { chat_id: body!.chat_id, name: group.name, owner: group.owner, create_time: 0, member_list: [], admin_list: [] } };
      }
      case '/cgi-bin/externalcontact/add_contact_way': {
        const state = body?.state;
        const user = body?.user;
        if (body?.type !== 1 && body?.type !== 2) return fail(40058);
        if (body?.scene !== 2 && body?.scene !== 1) return fail(40058);
        if (typeof state !== 'string' || state.length > 30) return fail(40058);
        if (!Array.isArray(user) || user.length === 0 || user.some((u) => !this.members.has(String(u)))) return fail(60111);
        const config_id = `cfg_${++this.#seq}`;
        // WeCom's answer names an image on its CDN; the double serves it itself, so nothing leaves the machine.
        const qr_code = `${this.url}/wwpic/${config_id}/0`;
        this.contactWays.set(config_id, { config_id, state, user: user.map(String), qr_code });
        return { errcode: 0, errmsg: 'ok', config_id, qr_code };
      }
      case '/cgi-bin/externalcontact/send_welcome_msg': {
        const code = String(body?.welcome_code ?? '');
        const text = (body?.text as { content?: unknown } | undefined)?.content;
        if (typeof text !== 'string' || text === '') return fail(44004);
        if (!this.welcomeCodes.delete(code)) return fail(41051);
        this.welcomes.push({ welcome_code: code, text });
        return { errcode: 0, errmsg: 'ok' };
      }
      case '/cgi-bin/externalcontact/add_msg_template': {
        const chat_type = body?.chat_type ?? 'single';
        const sender = String(body?.sender ?? '');
        const text = (body?.text as { content?: unknown } | undefined)?.content;
        if (typeof text !== 'string' || text === '') return fail(44004);
        if (chat_type !== 'single' && chat_type !== 'group') return fail(40058);
        if (sender !== '' && !this.members.has(sender)) return fail(60111);
        const external = Array.isArray(body?.external_userid) ? (body.external_userid as string[]) : [];
        const chats = Array.isArray(body?.chat_id_list) ? (body.chat_id_list as string[]) : [];
        const fail_list = chat_type === 'single' ? external.filter((id) => !this.customers.get(id)?.follow_user.some((f) => sender === '' || f.userid === sender)) : [];
        const msgid = `msg${randomBytes(6).toString('hex')}`;
        const receivers = chat_type === 'single' ? external.filter((id) => !fail_list.includes(id)) : chats.length > 0 ? chats : [`wr_group_of_${sender}`];
        this.tasks.set(msgid, { msgid, chat_type, sender, external_userid: external, chat_id_list: chats, text, status: new Map(receivers.map((r) => [r, 0])) });
        return { errcode: 0, errmsg: 'ok', fail_list, msgid };
      }
      case '/cgi-bin/externalcontact/get_groupmsg_send_result': {
        const task = this.tasks.get(String(body?.msgid ?? ''));
        if (!task || body?.userid !== task.sender) return fail(40058);
        const send_list = [...task.status].map(([receiver, status]) => ({
          ...(task.chat_type === 'single' ? { external_userid: receiver } : { chat_id: receiver }),
          userid: task.sender,
          status,
          ...(status === 1 ? { send_time: Math.floor(this.now() / 1000) } : {}),
        }));
        return { errcode: 0, errmsg: 'ok', next_cursor: '', send_list };
      }
      case '/cgi-bin/externalcontact/add_corp_tag': {
        const tags = Array.isArray(body?.tag) ? (body.tag as { name?: unknown }[]) : [];
        if (tags.length === 0 || tags.some((t) => typeof t.name !== 'string' || t.name === '' || t.name.length > 30)) return fail(40058);
        const group_name = String(body?.group_name ?? '');
        const created = tags.map((t) => {
          const existing = [...this.corpTags.values()].find((c) => c.name === t.name && c.group_name === group_name);
          if (existing) return existing;
          const tag = { id: `et${randomBytes(5).toString('hex')}`, name: String(t.name), group_name };
          this.corpTags.set(tag.id, tag);
          return tag;
        });
        const create_time = Math.floor(this.now() / 1000);
        return {
          errcode: 0,
          errmsg: 'ok',
          tag_group: { group_id: `etg_${group_name}`, group_name, create_time, tag: created.map((t, order) => ({ id: t.id, name: t.name, create_time, order })) },
        };
      }
      case '/cgi-bin/externalcontact/mark_tag': {
        const userid = String(body?.userid ?? '');
        const external = String(body?.external_userid ?? '');
        const customer = this.customers.get(external);
        if (!customer) return fail(40096);
        if (!customer.follow_user.some((f) => f.userid === userid)) return fail(60111);
        const add = (body?.add_tag as string[] | undefined) ?? [];
        const remove = (body?.remove_tag as string[] | undefined) ?? [];
        if (add.length + remove.length === 0 || [...add, ...remove].some((id) => !this.corpTags.has(id))) return fail(40058);
        const key = `${userid}:${external}`;
        const marked = this.marks.get(key) ?? new Set<string>();
        for (const id of add) marked.add(id);
        for (const id of remove) marked.delete(id);
        this.marks.set(key, marked);
        return { errcode: 0, errmsg: 'ok' };
      }
      default:
        return { errcode: 40058, errmsg: `unknown api ${path}` };
    }
  }
}
