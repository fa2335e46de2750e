/**
 * Typed errors of @tandem/persistence.
 *
 * Driver errors (node-postgres `DatabaseError`s and the slonik errors that wrap them)
 * are translated once, by SQLSTATE, in `translateDatabaseError`: the slonik pool
 * runs it in an interceptor and the raw hot path calls it itself, so callers only
 * ever see the classes below (or an unexpected error, passed through unchanged).
 */

import {
  BackendTerminatedError,
  BackendTerminatedUnexpectedlyError,
  ConnectionError,
  InvalidInputError as SlonikInvalidInputError,
  StatementCancelledError,
  StatementTimeoutError,
} from 'slonik';

export class PersistenceError extends Error {
  /** Stable machine-readable code, e.g. for logs and HTTP error bodies. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Common shape of the integrity violations: which constraint and table said no. */
export class ConstraintViolationError extends PersistenceError {
  readonly constraint: string | null;
  readonly table: string | null;
  readonly column: string | null;

  constructor(code: string, message: string, details: DriverErrorDetails, cause: unknown) {
    super(code, message, { cause });
    this.constraint = details.constraint ?? null;
    this.table = details.table ?? null;
    this.column = details.column ?? null;
  }
}

/** SQLSTATE 23505. `constraint` names the unique constraint or index (e.g. `users_username_key`). */
export class UniqueViolationError extends ConstraintViolationError {}
/** SQLSTATE 23503: a referenced row is missing (or a referencing row blocks a delete). */
export class ForeignKeyViolationError extends ConstraintViolationError {}
/** SQLSTATE 23502. */
export class NotNullViolationError extends ConstraintViolationError {}
/** SQLSTATE 23514. */
export class CheckViolationError extends ConstraintViolationError {}

/** SQLSTATE 22P02 and friends: a value PostgreSQL could not parse (e.g. a malformed UUID). */
export class InvalidInputError extends PersistenceError {}
/** SQLSTATE 40001 / 40P01: the transaction lost a race; retrying it is safe. */
export class TransactionConflictError extends PersistenceError {}
/** SQLSTATE 57014: statement timeout or cancel. */
export class QueryCanceledError extends PersistenceError {}
/** The server is unreachable, shutting down, or dropped the connection. */
export class DatabaseUnavailableError extends PersistenceError {}

export class MigrationError extends PersistenceError {}
export class EmbeddedPostgresError extends PersistenceError {}
/** The document store was closed; nothing more is accepted. */
export class DocumentStoreClosedError extends PersistenceError {
  constructor() {
    super('document_store_closed', 'the document store is closed');
  }
}
/** An update was appended for an item that does not exist (deleted meanwhile). */
export class ItemNotFoundError extends PersistenceError {
  readonly itemId: string;

  constructor(itemId: string, cause?: unknown) {
    super('item_not_found', `workspace item ${itemId} does not exist`, { cause });
    this.itemId = itemId;
  }
}

interface DriverErrorDetails {
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
  message?: string;
}

const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);

/** The innermost error in a `cause` chain that carries a SQLSTATE or socket code. */
function driverDetails(error: unknown): DriverErrorDetails | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const candidate = current as DriverErrorDetails & { cause?: unknown };
    if (typeof candidate.code === 'string') return candidate;
    current = candidate.cause;
  }
  return null;
}

/** Translate a driver error to a typed PersistenceError; anything else is returned unchanged. */
export function translateDatabaseError(error: unknown): unknown {
  if (error instanceof PersistenceError) return error;
  // Slonik drops the driver error (and its SQLSTATE) for these, so they are matched by class.
  if (error instanceof SlonikInvalidInputError) return new InvalidInputError('invalid_input', error.message, { cause: error });
  if (error instanceof StatementTimeoutError || error instanceof StatementCancelledError) {
    return new QueryCanceledError('query_canceled', error.message, { cause: error });
  }
  if (error instanceof BackendTerminatedError || error instanceof BackendTerminatedUnexpectedlyError || error instanceof ConnectionError) {
    return new DatabaseUnavailableError('database_unavailable', error.message, { cause: error });
  }
  const details = driverDetails(error);
  if (!details?.code) {
    if (error instanceof Error && /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(error.message)) {
      return new DatabaseUnavailableError('database_unavailable', error.message, { cause: error });
    }
    return error;
  }
  const message = details.message ?? (error instanceof Error ? error.message : String(error));
  switch (details.code) {
    case '23505':
      return new UniqueViolationError('unique_violation', message, details, error);
    case '23503':
      return new ForeignKeyViolationError('foreign_key_violation', message, details, error);
    case '23502':
      return new NotNullViolationError('not_null_violation', message, details, error);
    case '23514':
      return new CheckViolationError('check_violation', message, details, error);
    case '22P02':
    case '22001':
    case '22003':
    case '22021':
      return new InvalidInputError('invalid_input', message, { cause: error });
    case '40001':
    case '40P01':
      return new TransactionConflictError('transaction_conflict', message, { cause: error });
    case '57014':
      return new QueryCanceledError('query_canceled', message, { cause: error });
  }
  if (CONNECTION_ERROR_CODES.has(details.code)) {
    return new DatabaseUnavailableError('database_unavailable', message, { cause: error });
  }
  return error;
}
