import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { ProductProcess } from '../crash/crash-harness.ts';
import { freePort } from '../support/free-port.ts';
import { E2E } from './e2e-env.ts';

/**
 * A product server of a spec's own, for a carrier connected against its double: its own port and SQLite
 * file, the embedded queue, the e2e admin, and the spec's `env` (the carrier's variables) on top.
 *
 * @example
 * ```ts
 * const server = await OwnServer.start('sms', { ALIYUN_SMS_ENDPOINT: double.url, … });
 * await server.signIn(page);
 * await server.stop();
 * ```
 */
export class OwnServer {
  private constructor(
    /** `http://127.0.0.1:<port>`. */
    readonly base: string,
    private readonly process: ProductProcess,
    private readonly dir: string,
  ) {}

  static async start(name: string, env: Record<string, string>): Promise<OwnServer> {
    const dir = mkdtempSync(join(tmpdir(), `e2e-${name}-`));
    const port = await freePort();
    const process = new ProductProcess('runtime/src/main-server.ts', {
      PORT: String(port),
      DATABASE_URL: `file:${join(dir, `${name}.db`)}`,
      REDIS_URL: '',
      ADMIN_API_KEY: E2E.adminApiKey,
      ADMIN_EMAIL: E2E.adminEmail,
      ADMIN_PASSWORD: E2E.adminPassword,
      ...env,
    });
    await process.start(/is running on/);
    return new OwnServer(`http://127.0.0.1:${port}`, process, dir);
  }

  /** Signs in as the e2e admin on the login form (at `path`, e.g. `#/journeys/…`), and waits until the form is gone. */
  async signIn(page: Page, path = ''): Promise<void> {
    await page.goto(`${this.base}/${path}`);
    await page.getByLabel('邮箱').fill(E2E.adminEmail);
    await page.getByLabel('密码').fill(E2E.adminPassword);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await expect(page.getByRole('button', { name: /登\s*录/ })).toHaveCount(0);
  }

  async stop(): Promise<void> {
    await this.process.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
