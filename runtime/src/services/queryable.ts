import type { Db } from '@journey/db';

/** A transaction handle, as `db.transaction` passes it. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Anything queries can run on: the database or a transaction in progress. */
export type Queryable = Db | Tx;
