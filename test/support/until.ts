/**
 * Polls `probe` every 20 ms until it answers something other than `undefined`, and returns that;
 * throws naming `what` after `timeoutMs`.
 *
 * @example
 * const welcome = await until('send_welcome_msg', () => double.welcomes[0]);
 */
export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
