import { describeContactListContract } from '../contract/contacts-list-contract.ts';
import { describeSegmentContract } from '../contract/segments-contract.ts';
import { describeStoreContract } from '../contract/store-contract.ts';
import { openSqliteStore } from './open-sqlite-store.ts';

const open = async () => openSqliteStore(':memory:');
describeStoreContract('SQLite', open);
describeSegmentContract('SQLite', open);
describeContactListContract('SQLite', open);
