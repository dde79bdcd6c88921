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

/**
 * A value the store cannot keep as it is, named by its field (`events[2].properties.note`,
 * `contacts.name`): PostgreSQL's text and jsonb cannot hold the character U+0000. Nothing was written.
 */
export class UnstorableValue extends StoreError {
  override name = 'UnstorableValue';
  constructor(
    /** Where the value sits: the input's path when the store knows it, else the table's column. */
    readonly field: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A write would break a unique key (an offer code already taken, …); the transaction wrote nothing. */
export class UniqueViolation extends StoreError {
  override name = 'UniqueViolation';
  constructor(
    /** The constraint or index that refused it, when the store says. */
    readonly constraint: string | null,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
