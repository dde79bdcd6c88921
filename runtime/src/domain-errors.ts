/**
 * What the runtime's services refuse, in the domain's words. Only the API turns them into HTTP
 * statuses (`api/errors.ts`); a worker or a script reads them as they are.
 *
 * @example
 * ```ts
 * const journey = await store.journeys.get(id);
 * if (!journey) throw new NotFound('Journey', id);
 * ```
 */
export class DomainError extends Error {
  constructor(
    /** A stable, machine-readable reason (`revision_conflict`, `journey_live`, …). */
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The thing asked for does not exist. */
export class NotFound extends DomainError {
  constructor(what: string, id: string) {
    super('not_found', `${what} ${id} does not exist`);
  }
}

/** The request conflicts with the current state (a newer revision, a live journey, the last admin, …). */
export class Conflict extends DomainError {}

/** The request itself is wrong in a way its schema could not tell; `details` names the fields. */
export class InvalidInput extends DomainError {}

/** The journey's graph has problems that block publishing; `details` lists every one. */
export class InvalidGraph extends DomainError {}

/** The caller must wait before trying again. */
export class TooManyAttempts extends DomainError {
  constructor(
    code: string,
    message: string,
    /** How long to wait, in ms. */
    readonly waitMs: number,
  ) {
    super(code, message);
  }
}
