import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { scaffoldNode } from './create-node.ts';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '..');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A project folder outside the repository that sees the repository's packages, as a checkout's plugins/ does. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'create-node-'));
  dirs.push(dir);
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

describe('pnpm create-node', () => {
  it('writes a plugin whose own test passes and which typechecks, as written', async () => {
    const dir = project();
    const written = scaffoldNode('loyalty-check', join(dir, 'plugins'));
    expect(readdirSync(join(dir, 'plugins', 'loyalty-check')).sort()).toEqual([
      'README.md',
      'index.ts',
      'loyalty-check.execute.ts',
      'loyalty-check.spec.ts',
      'loyalty-check.test.ts',
    ]);
    expect(written).toHaveLength(5);

    // The repository's vitest.config.ts takes plugins/**/*.test.ts (a .spec.ts file is a node spec, not a test).
    writeFileSync(join(dir, 'vitest.config.mjs'), "export default { test: { include: ['plugins/**/*.test.ts'] } };\n");
    const vitest = await run(process.execPath, [join(repo, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter', 'json'], { cwd: dir });
    const report = JSON.parse(vitest.stdout) as { success: boolean; testResults: { assertionResults: { fullName: string; status: string }[] }[] };
    expect(report.success).toBe(true);
    expect(report.testResults.flatMap((file) => file.assertionResults.map((t) => [t.fullName, t.status]))).toEqual([
      ['loyalty-check tags the contact and sends the message', 'passed'],
      ['loyalty-check runs in a journey', 'passed'],
    ]);

    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: join(repo, 'tsconfig.json'), include: ['plugins'] }));
    await run(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', dir], { cwd: dir });
  });

  it('refuses a name that cannot be a plugin, and a folder that exists', () => {
    const dir = project();
    expect(() => scaffoldNode('Loyalty', dir)).toThrow(/cannot name a plugin/);
    expect(() => scaffoldNode('a-very-long-plugin-name-xyz', dir)).toThrow(/at most 24/);
    scaffoldNode('vip', dir);
    expect(() => scaffoldNode('vip', dir)).toThrow(/already exists/);
  });
});
