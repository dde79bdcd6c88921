/** The server process: `pnpm start` (via scripts/start.ts). Configuration is by environment (SPEC §5). */
import { startServer } from './api/server.ts';
import { loadConfig } from './config.ts';

const server = await startServer(loadConfig(process.env));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`${signal} received; finishing the steps in flight…`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('Shutdown failed', err);
        process.exit(1);
      },
    );
  });
}
