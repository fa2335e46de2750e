/** An uploaded archive, by its first bytes (not its Content-Type), into an import plan. */
import { unsupported } from './archive-errors';
import type { ImportLimits } from './archive-limits';
import { planImport, wantsData, type ImportPlan } from './import-plan';
import { looksLikeGzip, readTarGz } from './tar-gz-reader';
import { looksLikeZip, readZip } from './zip-reader';

export async function readArchive(bytes: Buffer, limits: ImportLimits): Promise<ImportPlan> {
  if (looksLikeZip(bytes)) return planImport(await readZip(bytes, limits, wantsData), limits);
  if (looksLikeGzip(bytes)) return planImport(await readTarGz(bytes, limits, wantsData), limits);
  throw unsupported();
}
