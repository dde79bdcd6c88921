/**
 * `pnpm start`: builds the editor when its build is missing or older than its sources, then starts
 * the server (API + editor) in this process.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const builtIndex = join(root, 'editor/dist/index.html');
const sources = ['editor/src', 'editor/index.html', 'editor/vite.config.ts', 'editor/public', 'nodes/src'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const builtAt = existsSync(builtIndex) ? statSync(builtIndex).mtimeMs : 0;
const sourcesAt = Math.max(...sources.map((s) => newestMtime(join(root, s))));
if (builtAt < sourcesAt) {
  console.log(builtAt ? 'Editor sources changed; rebuilding the editor…' : 'Building the editor (first start)…');
  execFileSync(process.execPath, [join(root, 'editor/node_modules/vite/bin/vite.js'), 'build'], {
    cwd: join(root, 'editor'),
    stdio: 'inherit',
  });
}

await import('../runtime/src/main-server.ts');
