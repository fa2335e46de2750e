/** What submitting and transitions use: the database, and the documents a snapshot of the files reads. */
import type { DatabasePool } from 'slonik';
import type { Documents } from '../context';

export interface ReviewStores {
  pool: DatabasePool;
  documents: Pick<Documents, 'readDocument'>;
}
