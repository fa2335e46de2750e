/**
 * For tests: writes .zip archives byte by byte, including what no honest tool
 * writes (a name twice, a size that lies, entries that share one body, a symlink or
 * device mode), to attack the reader with.
 */
import { deflateRawSync } from 'node:zlib';
import { crc32 } from './crc32';

export interface ZipFixtureEntry {
  name: string;
  data?: Uint8Array | string;
  /** Unix mode (type and permission bits), written as a Unix "made by" entry. */
  mode?: number;
  /** The uncompressed size the headers claim (default: the real one). */
  declaredSize?: number;
  /** Share the body of the entry with this index (an overlapping-entry bomb). */
  sameBodyAs?: number;
  stored?: boolean;
}

export function writeZipFixture(entries: readonly ZipFixtureEntry[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  const offsets: number[] = [];
  const bodies: Array<{ crc: number; size: number; compressed: number; method: number }> = [];
  let offset = 0;
  entries.forEach((entry, i) => {
    const name = Buffer.from(entry.name, 'utf8');
    const raw = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : Buffer.from(entry.data ?? new Uint8Array(0));
    if (entry.sameBodyAs !== undefined) {
      offsets.push(offsets[entry.sameBodyAs]!);
      bodies.push(bodies[entry.sameBodyAs]!);
    } else {
      const method = entry.stored ? 0 : 8;
      const body = method === 0 ? raw : deflateRawSync(raw);
      const meta = { crc: crc32(raw), size: entry.declaredSize ?? raw.length, compressed: body.length, method };
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(0x800, 6);
      local.writeUInt16LE(method, 8);
      local.writeUInt32LE(meta.crc, 14);
      local.writeUInt32LE(meta.compressed, 18);
      local.writeUInt32LE(meta.size, 22);
      local.writeUInt16LE(name.length, 26);
      offsets.push(offset);
      bodies.push(meta);
      locals.push(local, name, body);
      offset += 30 + name.length + body.length;
    }
    const meta = bodies[i]!;
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(entry.mode !== undefined ? (3 << 8) | 20 : 20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x800, 8);
    header.writeUInt16LE(meta.method, 10);
    header.writeUInt32LE(meta.crc, 16);
    header.writeUInt32LE(meta.compressed, 20);
    header.writeUInt32LE(entry.declaredSize ?? meta.size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(entry.mode !== undefined ? (entry.mode << 16) >>> 0 : 0, 38);
    header.writeUInt32LE(offsets[i]!, 42);
    central.push(header, name);
  });
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
