import { constants, deflateRawSync } from 'node:zlib';
import { crc32 } from '../../../src/host/download/zipReader';

/** One entry of a test archive; the optional fields make it lie or misbehave. */
export interface FixtureEntry {
  readonly name: string;
  readonly content?: Buffer | string;
  /** Raw deflate bytes stored as the entry's data instead of deflating `content`. */
  readonly deflated?: Buffer;
  /** Stored (method 0) instead of deflated. */
  readonly stored?: boolean;
  /** The inflated size the headers declare (default: the content's length). */
  readonly declaredSize?: number;
  /** A Unix mode (e.g. 0o120777 for a symbolic link); marks the entry as made on Unix. */
  readonly mode?: number;
  /** A different name in the local header than in the central directory. */
  readonly localName?: string;
}

/** Writes a ZIP archive (deflated entries) in memory, for the download and unpack tests. */
export function makeZip(files: ReadonlyMap<string, Buffer | string>): Buffer {
  return makeZipEntries([...files].map(([name, content]) => ({ name, content })));
}

/** Writes a ZIP archive from entries that may repeat names or lie about themselves. */
export function makeZipEntries(entries: readonly FixtureEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const content = entry.content === undefined ? Buffer.alloc(0) : Buffer.from(entry.content);
    const method = entry.stored === true ? 0 : 8;
    const data = entry.deflated ?? (method === 0 ? content : deflateRawSync(content));
    const nameBytes = Buffer.from(entry.name, 'utf8');
    const localNameBytes = Buffer.from(entry.localName ?? entry.name, 'utf8');
    const checksum = crc32(content);
    const size = entry.declaredSize ?? content.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(checksum, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(localNameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(entry.mode === undefined ? 20 : (3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(checksum, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(entry.mode === undefined ? 0 : (entry.mode << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, localNameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + localNameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * A raw deflate stream of `mebibytes` MiB of zeros, built without ever holding them: one MiB deflated
 * and sync-flushed (so it ends on a byte boundary, not final), repeated, then a final empty block.
 * 512 MiB come to about half a megabyte.
 */
export function deflatedZeros(mebibytes: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const finalEmptyBlock = Buffer.from([0x03, 0x00]);
  return Buffer.concat([...Array.from({ length: mebibytes }, () => block), finalEmptyBlock]);
}
