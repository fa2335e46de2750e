/**
 * A transaction on one pooled connection, instead of slonik's `pool.transaction()`.
 *
 * Why: slonik runs every transaction's handler inside an AsyncLocalStorage, and on
 * Node 20 an AsyncLocalStorage, once entered, keeps async hooks installed for the
 * rest of the process. From the first workspace anyone created on, every promise
 * and native handle the sync path makes paid for them (a few percent of the server's
 * JavaScript time at 3,000 updates/s in the profile). The semantics are slonik's:
 * commit when the handler resolves; roll back and rethrow when it throws, and then
 * slonik destroys the connection rather than reuse it. No retries: every caller
 * locks its rows first (READ COMMITTED), so serialization failures cannot happen.
 */
import { sql, type DatabasePool, type DatabasePoolConnection } from 'slonik';

export type Transaction = DatabasePoolConnection;

export function inTransaction<T>(pool: DatabasePool, handler: (tx: Transaction) => Promise<T>): Promise<T> {
  return pool.connect(async (connection) => {
    await connection.query(sql.unsafe`START TRANSACTION`);
    try {
      const result = await handler(connection);
      await connection.query(sql.unsafe`COMMIT`);
      return result;
    } catch (error) {
      await connection.query(sql.unsafe`ROLLBACK`).catch(() => {});
      throw error;
    }
  });
}
