/**
 * A local double of WeChat's server API for tests: the endpoints the plugin calls (`stable_token`,
 * `message/template/send`, `message/custom/send`, `template/get_all_private_template`, the Official
 * Account's subscription notifications `wxaapi/newtmpl/gettemplate` and `message/subscribe/bizsend`, and
 * for a mini-program added with `addMiniProgram` `wxaapi/newtmpl/gettemplate` and `message/subscribe/send`), with WeChat's
 * documented request and response shapes and error codes. It keeps the account's state in memory (tokens,
 * followers, their customer-service windows, templates) and records every request. Nothing here reaches
 * the real WeChat.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown> | undefined;
  at: number;
}

export interface DoubleTemplate {
  template_id: string;
  title: string;
  content: string;
  example: string;
}

/** A follower as WeChat knows them: following or not, and the customer-service quota they opened. */
export interface DoubleFollower {
  following: boolean;
  /** Customer-service messages WeChat still takes from the account for them, until `windowUntil`. */
  windowLeft: number;
  windowUntil: number;
}

/** Answers WeChat gives, by errcode, as the documentation words them. */
const ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40037: 'invalid template_id',
  40125: 'invalid appsecret',
  42001: 'access_token expired',
  43101: 'user refuse to accept the msg',
  48001: 'api unauthorized',
  43004: 'require subscribe',
  44002: 'empty post data',
  45009: 'reach max api daily quota limit',
  45015: 'response out of time limit or subscription is canceled',
  45047: 'out of response count limit',
  47001: 'data format error',
  47003: 'argument invalid!',
};

/** A subscription template (我的模板) of the mini-program or the Official Account, as `gettemplate` lists it. */
export interface DoubleSubscribeTemplate {
  priTmplId: string;
  title: string;
  content: string;
  example: string;
  /** 2: one-time subscription (一次性订阅), 3: long-term (长期订阅). */
  type: 2 | 3;
}

/** What WeChat takes in a subscribe message's variable, by kind, as documented (characters). */
const SUBSCRIBE_LIMITS: Record<string, { max: number; pattern?: RegExp }> = {
  thing: { max: 20 },
  number: { max: 32, pattern: /^\d+(\.\d+)?$/ },
  letter: { max: 32, pattern: /^[A-Za-z]+$/ },
  symbol: { max: 5 },
  character_string: { max: 32 },
  phone_number: { max: 17, pattern: /^[\d+\-() ]+$/ },
  car_number: { max: 8 },
  name: { max: 20 },
  phrase: { max: 5 },
};

export class WechatDouble {
  readonly calls: RecordedCall[] = [];
  readonly followers = new Map<string, DoubleFollower>();
  readonly templates = new Map<string, DoubleTemplate>();
  /** Template messages sent: the request as WeChat took it, with the msgid it answered. */
  readonly templateMessages: { msgid: number; body: Record<string, unknown> }[] = [];
  /** Customer-service messages sent. */
  readonly customMessages: { touser: string; msgtype: string; content: string }[] = [];
  /** errcodes to answer the next calls of a path with, in order (then back to normal). */
  readonly failNext = new Map<string, number[]>();
  /** Milliseconds to hold the next answer of a path, after carrying the call out (a slow network). */
  readonly delayNext = new Map<string, number>();
  /** How long tokens live, in seconds (WeChat: 7200). */
  expiresIn = 7200;
  /** Every token handed out, with when it stops being valid (epoch ms). */
  readonly tokens = new Map<string, number>();
  /** The app (AppID) each token was handed out to. */
  readonly tokenApps = new Map<string, string>();
  /** Apps WeChat knows, by AppID: their AppSecret, and whether they are a mini-program. */
  readonly apps = new Map<string, { secret: string; miniProgram: boolean }>();
  /** The mini-program's subscribe-message templates, by priTmplId. */
  readonly subscribeTemplates = new Map<string, DoubleSubscribeTemplate>();
  /** The Official Account's subscription-notification templates (订阅通知), by priTmplId. */
  readonly bizsendTemplates = new Map<string, DoubleSubscribeTemplate>();
  /** Subscriptions users accepted (in the mini-program or to the Official Account) and WeChat still holds, by `openid template`. */
  readonly subscriptions = new Map<string, number>();
  /** Subscribe messages sent by the mini-program, as WeChat took them. */
  readonly subscribeMessages: Record<string, unknown>[] = [];
  /** Subscription notifications sent by the Official Account, as WeChat took them. */
  readonly bizsendMessages: Record<string, unknown>[] = [];
  /** Whether the Official Account has subscription notifications (订阅通知); without them its calls answer 48001. */
  bizsendEnabled = true;
  readonly #current = new Map<string, string>();
  #server: Server | undefined;
  #msgid = 1_000_000;
  /** client_msg_id of template messages in the last 10 minutes, by openid: WeChat sends a repeat once. */
  readonly #clientMsgIds = new Map<string, { msgid: number; at: number }>();

  constructor(
    readonly appId = 'wx5c8e3a1d2f4b6a70',
    readonly appSecret = 'oa-app-secret',
    readonly now: () => number = () => Date.now(),
  ) {
    this.apps.set(appId, { secret: appSecret, miniProgram: false });
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://double').pathname;
      const delay = this.delayNext.get(path) ?? 0;
      this.delayNext.delete(path);
      void this.#handle(req).then(
        (answer) => setTimeout(() => res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer)), delay),
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

  /** A template the account added (模板消息 → 我的模板). */
  addTemplate(template: Omit<DoubleTemplate, 'example'> & { example?: string }): void {
    this.templates.set(template.template_id, { example: '', ...template });
  }

  /** A mini-program of the same owner, with its AppID and AppSecret: its tokens call the mini-program APIs. */
  addMiniProgram(appId: string, appSecret: string): void {
    this.apps.set(appId, { secret: appSecret, miniProgram: true });
  }

  /** A user accepts `times` subscriptions to a template (the mini-program's wx.requestSubscribeMessage, the Official Account's wx-open-subscribe). */
  acceptSubscription(openid: string, templateId: string, times = 1): void {
    const key = `${openid} ${templateId}`;
    this.subscriptions.set(key, (this.subscriptions.get(key) ?? 0) + times);
  }

  /** The follower follows (WeChat then sends `subscribe`): 3 customer-service messages for 1 minute. */
  follow(openid: string): void {
    this.followers.set(openid, { following: true, windowLeft: 3, windowUntil: this.now() + 60_000 });
  }

  /** The follower sends a message (WeChat then sends it on): 5 customer-service messages for 48 hours. */
  message(openid: string): void {
    const follower = this.followers.get(openid) ?? { following: true, windowLeft: 0, windowUntil: 0 };
    this.followers.set(openid, { ...follower, following: true, windowLeft: 5, windowUntil: this.now() + 48 * 3_600_000 });
  }

  unfollow(openid: string): void {
    this.followers.set(openid, { following: false, windowLeft: 0, windowUntil: 0 });
  }

  /** Makes every token handed out invalid, as a token leaked and refreshed elsewhere would be. */
  revokeTokens(): void {
    for (const token of this.tokens.keys()) this.tokens.set(token, 0);
    this.#current.clear();
  }

  async #handle(req: IncomingMessage): Promise<Record<string, unknown>> {
    const url = new URL(req.url ?? '/', 'http://double');
    const query = Object.fromEntries(url.searchParams);
    let raw = '';
    for await (const chunk of req) raw += (chunk as Buffer).toString();
    let body: Record<string, unknown> | undefined;
    try {
      body = raw === '' ? undefined : (JSON.parse(raw) as Record<string, unknown>);
    } catch {
      return fail(47001);
    }
    const path = url.pathname;
    this.calls.push({ path, query, body, at: this.now() });
    const injected = this.failNext.get(path)?.shift();
    if (injected !== undefined) return fail(injected);

    if (path === '/cgi-bin/stable_token') return this.#stableToken(body);
    const validUntil = this.tokens.get(query.access_token ?? '');
    if (validUntil === undefined) return fail(40001);
    if (validUntil <= this.now()) return fail(42001);
    const miniProgram = this.apps.get(this.tokenApps.get(query.access_token!) ?? '')?.miniProgram ?? false;
    if (path === '/wxaapi/newtmpl/gettemplate') {
      if (!miniProgram && !this.bizsendEnabled) return fail(48001);
      return { errcode: 0, errmsg: 'ok', data: [...(miniProgram ? this.subscribeTemplates : this.bizsendTemplates).values()] };
    }
    if (path === '/cgi-bin/message/subscribe/send') return miniProgram ? this.#subscribeSend(body, this.subscribeTemplates, this.subscribeMessages) : fail(48001);
    if (miniProgram) return fail(48001);
    if (path === '/cgi-bin/message/subscribe/bizsend') return this.bizsendEnabled ? this.#bizsend(body) : fail(48001);

    switch (path) {
      case '/cgi-bin/template/get_all_private_template':
        return { template_list: [...this.templates.values()].map((t) => ({ ...t, primary_industry: 'IT科技', deputy_industry: '互联网|电子商务' })) };
      case '/cgi-bin/message/template/send':
        return this.#templateSend(body);
      case '/cgi-bin/message/custom/send':
        return this.#customSend(body);
      default:
        return { errcode: 40066, errmsg: `invalid url ${path}` };
    }
  }

  /**
   * `stable_token`: in normal mode the same token while it lives, a new one in its last 5 minutes (the
   * old one stays valid to its end); `force_refresh` makes the old one invalid at once.
   */
  #stableToken(body: Record<string, unknown> | undefined): Record<string, unknown> {
    if (body?.grant_type !== 'client_credential') return fail(40002);
    const app = this.apps.get(String(body.appid ?? ''));
    if (!app) return fail(40013);
    if (body.secret !== app.secret) return fail(40125);
    const appId = String(body.appid);
    const now = this.now();
    const currentToken = this.#current.get(appId);
    const current = currentToken === undefined ? undefined : this.tokens.get(currentToken);
    if (body.force_refresh === true && currentToken !== undefined) this.tokens.set(currentToken, now);
    else if (current !== undefined && current - now > 5 * 60_000) {
      return { access_token: currentToken, expires_in: Math.floor((current - now) / 1000) };
    }
    const token = `ACCESS_TOKEN_${randomBytes(12).toString('hex')}`;
    this.#current.set(appId, token);
    this.tokens.set(token, now + this.expiresIn * 1000);
    this.tokenApps.set(token, appId);
    return { access_token: token, expires_in: this.expiresIn };
  }

  /**
   * `message/subscribe/bizsend`: as `subscribe/send` (a subscription left, the variables within their
   * limits), to a follower, `page` a web address and `miniprogram` an appid with its pagepath.
   */
  #bizsend(body: Record<string, unknown> | undefined): Record<string, unknown> {
    if (body === undefined) return fail(44002);
    const follower = this.followers.get(String(body.touser ?? ''));
    if (follower && !follower.following) return fail(43004);
    if (body.page !== undefined && !/^https?:\/\//.test(String(body.page))) return { ...fail(47003), errmsg: 'argument invalid! page invalid' };
    const miniprogram = body.miniprogram as { appid?: unknown; pagepath?: unknown } | undefined;
    if (miniprogram !== undefined && typeof miniprogram.appid !== 'string') return { ...fail(47003), errmsg: 'argument invalid! miniprogram.appid invalid' };
    return this.#subscribeSend(body, this.bizsendTemplates, this.bizsendMessages);
  }

  /**
   * `message/subscribe/send` (and the checks `bizsend` shares): to a user with a subscription left to the
   * template (43101 otherwise, and it uses one), every variable of the template filled within its kind's
   * documented limit (47003).
   */
  #subscribeSend(body: Record<string, unknown> | undefined, templates: ReadonlyMap<string, DoubleSubscribeTemplate>, sent: Record<string, unknown>[]): Record<string, unknown> {
    if (body === undefined) return fail(44002);
    const openid = String(body.touser ?? '');
    if (!/^o[A-Za-z0-9_-]{10,}$/.test(openid)) return fail(40003);
    const template = templates.get(String(body.template_id ?? ''));
    if (!template) return fail(40037);
    if (body.miniprogram_state !== undefined && !['developer', 'trial', 'formal'].includes(String(body.miniprogram_state))) {
      return { ...fail(47003), errmsg: 'argument invalid! miniprogram_state invalid' };
    }
    const data = (body.data ?? {}) as Record<string, { value?: unknown }>;
    for (const key of [...template.content.matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\.DATA\s*\}\}/g)].map((m) => m[1]!)) {
      const value = data[key]?.value;
      if (typeof value !== 'string' || value === '') return { ...fail(47003), errmsg: `argument invalid! data.${key}.value is empty` };
      const limit = SUBSCRIBE_LIMITS[key.replace(/\d+$/, '')];
      if (limit && ([...value].length > limit.max || (limit.pattern && !limit.pattern.test(value)))) return { ...fail(47003), errmsg: `argument invalid! data.${key}.value invalid` };
    }
    const key = `${openid} ${template.priTmplId}`;
    const left = this.subscriptions.get(key) ?? 0;
    if (left <= 0) return fail(43101);
    this.subscriptions.set(key, left - 1);
    sent.push(body);
    return { errcode: 0, errmsg: 'ok', msgid: ++this.#msgid };
  }

  #templateSend(body: Record<string, unknown> | undefined): Record<string, unknown> {
    if (body === undefined) return fail(44002);
    const openid = String(body.touser ?? '');
    const follower = this.followers.get(openid);
    if (!follower) return fail(40003);
    if (!follower.following) return fail(43004);
    const template = this.templates.get(String(body.template_id ?? ''));
    if (!template) return fail(40037);
    const data = (body.data ?? {}) as Record<string, { value?: unknown }>;
    const keys = [...template.content.matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\.DATA\s*\}\}/g)].map((m) => m[1]!);
    // Category templates (thing1, amount2…) take each of their variables, within its kind's limit.
    for (const key of keys) {
      const value = data[key]?.value;
      if (/^(first|remark|keyword\d+)$/.test(key)) continue;
      if (typeof value !== 'string' || value === '') return { ...fail(47003), errmsg: `argument invalid! data.${key}.value is empty` };
      if (key.startsWith('thing') && [...value].length > 20) return { ...fail(47003), errmsg: `argument invalid! data.${key}.value invalid` };
    }
    const clientMsgId = typeof body.client_msg_id === 'string' ? `${openid}\u0000${body.client_msg_id}` : undefined;
    const repeat = clientMsgId === undefined ? undefined : this.#clientMsgIds.get(clientMsgId);
    if (repeat && this.now() - repeat.at < 10 * 60_000) return { errcode: 0, errmsg: 'ok', msgid: repeat.msgid };
    const msgid = ++this.#msgid;
    if (clientMsgId !== undefined) this.#clientMsgIds.set(clientMsgId, { msgid, at: this.now() });
    this.templateMessages.push({ msgid, body });
    return { errcode: 0, errmsg: 'ok', msgid };
  }

  #customSend(body: Record<string, unknown> | undefined): Record<string, unknown> {
    if (body === undefined) return fail(44002);
    const openid = String(body.touser ?? '');
    const follower = this.followers.get(openid);
    if (!follower) return fail(40003);
    if (!follower.following || follower.windowUntil <= this.now()) return fail(45015);
    if (follower.windowLeft <= 0) return fail(45047);
    const content = (body.text as { content?: unknown } | undefined)?.content;
    if (body.msgtype !== 'text' || typeof content !== 'string' || content === '') return fail(44002);
    follower.windowLeft--;
    this.customMessages.push({ touser: openid, msgtype: 'text', content });
    return { errcode: 0, errmsg: 'ok' };
  }
}

let hint = 0;
const fail = (errcode: number) => ({ errcode, errmsg: `${ERRMSG[errcode] ?? 'error'} rid: ${(++hint).toString(16).padStart(8, '0')}-double` });
