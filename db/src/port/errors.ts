/**
 * Errors a store throws for what the caller can act on; anything else is a fault of the store.
 *
 * @example
 * ```ts
 * try { await store.transaction(work); } catch (err) { if (err instanceof UniqueViolation) retryWithNewCode(); }
 * ```
 */
export class StoreError extends Error {
  override name = 'StoreError';
}

/** A write would break a unique key (an offer code already taken, …); the transaction wrote nothing. */
export class UniqueViolation extends StoreError {
  override name = 'UniqueViolation';
  constructor(
    /** The constraint or index that refused it, when the store says. */
    readonly constraint: string | null,
    message: string,
  ) {
    super(message);
  }
}
