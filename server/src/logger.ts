import { pino } from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs on stdout (one object per line), level from LOG_LEVEL. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'tandem' }, timestamp: pino.stdTimeFunctions.isoTime });
}
