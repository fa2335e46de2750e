import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, ForeignKeyViolationError, translateDatabaseError, UniqueViolationError } from './errors';

// Shaped like node-postgres' DatabaseError, and like slonik's wrapper of it.
const driverError = (code: string, extra: object = {}) => Object.assign(new Error('boom'), { code, ...extra });

describe('translateDatabaseError', () => {
  it('names the constraint of a unique violation', () => {
    const error = translateDatabaseError(driverError('23505', { constraint: 'users_username_key', table: 'users' }));
    expect(error).toBeInstanceOf(UniqueViolationError);
    expect(error).toMatchObject({ constraint: 'users_username_key', table: 'users', code: 'unique_violation' });
  });

  it('finds the SQLSTATE through a cause chain', () => {
    const wrapped = new Error('wrapped', { cause: driverError('23503', { constraint: 'fk' }) });
    expect(translateDatabaseError(wrapped)).toBeInstanceOf(ForeignKeyViolationError);
  });

  it('recognises a refused connection', () => {
    expect(translateDatabaseError(driverError('ECONNREFUSED'))).toBeInstanceOf(DatabaseUnavailableError);
  });

  it('recognises a server starting up or shutting down, and a pool checkout that timed out', () => {
    expect(translateDatabaseError(driverError('57P03'))).toBeInstanceOf(DatabaseUnavailableError);
    expect(translateDatabaseError(driverError('57P01'))).toBeInstanceOf(DatabaseUnavailableError);
    // node-postgres' Pool with connectionTimeoutMillis: a plain Error, no code.
    expect(translateDatabaseError(new Error('timeout exceeded when trying to connect'))).toBeInstanceOf(DatabaseUnavailableError);
  });

  it('passes unknown errors through unchanged', () => {
    const error = new TypeError('x');
    expect(translateDatabaseError(error)).toBe(error);
  });
});
