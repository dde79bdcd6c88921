import { describeSegmentContract } from '../contract/segments-contract.ts';
import { openSqliteStore } from './open-sqlite-store.ts';

describeSegmentContract('SQLite', async () => openSqliteStore(':memory:'));
