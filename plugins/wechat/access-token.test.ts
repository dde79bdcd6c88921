import { createTestServices } from '@journey/sdk/testing';
import { describe, expect, it } from 'vitest';
import { SharedAccessToken } from './access-token.ts';

/** A carrier that hands out numbered tokens, slowly, and says which call asked to replace which token. */
function carrier() {
  const asked: (string | undefined)[] = [];
  let issued = 0;
  return {
    asked,
    obtain: async (replacing: string | undefined) => {
      asked.push(replacing);
      await new Promise((resolve) => setTimeout(resolve, 30));
      return { accessToken: `T${++issued}`, expiresIn: 7200 };
    },
  };
}

describe('a shared access token', () => {
  it('is obtained once for every process waiting on it, and kept until the margin before it expires', async () => {
    let now = Date.UTC(2026, 11, 1, 12);
    const services = createTestServices('wechat', { now: () => now });
    const { asked, obtain } = carrier();
    const processes = [1, 2, 3].map(() => new SharedAccessToken(services, { key: 'wxapp', refreshMarginMs: 60_000, obtain }));
    expect(await Promise.all(processes.map((p) => p.get()))).toEqual(['T1', 'T1', 'T1']);
    now += 7200_000 - 60_001;
    expect(await processes[0]!.get()).toBe('T1');
    now += 2;
    expect(await processes[1]!.get()).toBe('T2');
    expect(asked).toEqual([undefined, undefined]);
    expect((await services.records.get('status', 'token:wxapp'))?.value).toEqual({ obtainedAt: now, expiresAt: now + 7200_000, error: null });
  });

  it('is replaced once when the carrier refuses it, however many callers saw the refusal', async () => {
    const services = createTestServices('wechat');
    const { asked, obtain } = carrier();
    const token = new SharedAccessToken(services, { key: 'wxapp', refreshMarginMs: 60_000, obtain });
    await token.get();
    const refused = new Error('40001');
    const used: string[] = [];
    const call = (t: string) => {
      used.push(t);
      return t === 'T1' ? Promise.reject(refused) : Promise.resolve(t);
    };
    expect(await Promise.all([1, 2, 3].map(() => token.use(call, (err) => err === refused)))).toEqual(['T2', 'T2', 'T2']);
    expect(asked).toEqual([undefined, 'T1']);
    expect(used.sort()).toEqual(['T1', 'T1', 'T1', 'T2', 'T2', 'T2']);
    await expect(token.use(() => Promise.reject(new Error('other')), (err) => err === refused)).rejects.toThrow('other');
  });
});
