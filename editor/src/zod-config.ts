import { z } from 'zod';

// Imported first by main.tsx, before any module can parse: the server's Content-Security-Policy allows
// no eval, and zod's JIT would try `Function('')` once and log a CSP violation before falling back.
z.config({ jitless: true });
