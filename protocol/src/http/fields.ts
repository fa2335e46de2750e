/** Field shapes many HTTP bodies share: ids and times as the API writes them. */
import { z } from './zod';

/** Every id is a PostgreSQL UUID. */
export const uuidSchema = z.string().uuid();

/** Times are ISO 8601 in UTC with milliseconds (`Date.prototype.toISOString`). */
export const isoTimeSchema = z.string().datetime();
