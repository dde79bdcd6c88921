/**
 * Keeps the one SQLite connection to one user at a time across `await`s. better-sqlite3 is
 * synchronous, so a statement or a synchronous transaction can never be interleaved; only a
 * transaction whose work awaits between its statements can. While one holds the gate, every other
 * statement waits for it to commit or roll back, so nothing lands inside someone else's transaction.
 *
 * @example
 * ```ts
 * const gate = new ConnectionGate();
 * const count = await gate.run(() => db.prepare('SELECT count(*) FROM runs').pluck().get());
 * await gate.hold(async () => { db.exec('BEGIN'); …; db.exec('COMMIT'); });
 * ```
 */
export class ConnectionGate {
  #held = false;
  readonly #waiting: (() => void)[] = [];

  /** Runs `work` as soon as the connection is free: at once (synchronously) when nobody holds it. */
  run<T>(work: () => T): Promise<T> {
    if (!this.#held) return settle(work);
    return new Promise<T>((resolve, reject) => this.#waiting.push(() => this.run(work).then(resolve, reject)));
  }

  /** Holds the connection for `work` until the promise it returns settles. */
  hold<T>(work: () => Promise<T>): Promise<T> {
    if (this.#held) return new Promise<T>((resolve, reject) => this.#waiting.push(() => this.hold(work).then(resolve, reject)));
    this.#held = true;
    let result: Promise<T>;
    try {
      result = work();
    } catch (err) {
      result = Promise.reject(err);
    }
    return result.finally(() => this.#release());
  }

  #release(): void {
    this.#held = false;
    while (!this.#held && this.#waiting.length > 0) this.#waiting.shift()!();
  }
}

/** `work`'s result, or its exception, as a promise (it runs now). */
export function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (err) {
    return Promise.reject(err);
  }
}

/** Runs `work` on the connection: through the gate, or at once inside the transaction that holds it (`gate` null). */
export function onConnection<T>(gate: ConnectionGate | null, work: () => T): Promise<T> {
  return gate ? gate.run(work) : settle(work);
}
