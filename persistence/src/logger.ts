/** The slice of a pino logger this package uses; pass the server's logger, or nothing. */
export interface PersistenceLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const ignore = () => {};
export const silentLogger: PersistenceLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
