/** The refusals of archive import and download: an HttpError with the archive's stable codes. */
import { HttpError } from '../http/errors';
import { mib } from './archive-limits';

export const corrupt = (why: string) => new HttpError(400, 'archive_corrupt', `The archive cannot be read: ${why}`);
export const unsupported = () =>
  new HttpError(415, 'archive_unsupported_type', 'Upload a .zip or a .tar.gz archive (the format is read from its first bytes)');
export const tooManyEntries = (limit: number, what: string) =>
  new HttpError(413, 'archive_too_many_entries', `The archive holds more than ${limit} ${what}`, { limit });
export const fileTooLarge = (path: string, limit: number) =>
  new HttpError(413, 'archive_file_too_large', `"${path}" is larger than ${mib(limit)} (TANDEM_MAX_FILE_BYTES)`, { path, limit });
export const tooLarge = (limit: number, what = 'inflates to more than') =>
  new HttpError(413, 'archive_too_large', `The archive ${what} ${mib(limit)}`, { limit });
export const invalidName = (path: string, why: string) =>
  new HttpError(400, 'archive_invalid_name', `"${path}": ${why}`, { path });
export const unsafePath = (path: string, why: string) =>
  new HttpError(400, 'archive_unsafe_path', `"${path}" would land outside the workspace: ${why}`, { path });
export const duplicatePath = (path: string, why = 'the archive holds it twice') =>
  new HttpError(400, 'archive_duplicate_path', `"${path}": ${why}`, { path });
export const specialFile = (path: string) =>
  new HttpError(400, 'archive_special_file', `"${path}" is a device, FIFO or other special file`, { path });
