import { inflateRawSync } from 'node:zlib';

/**
 * A small reader of ZIP archives (PKWARE APPNOTE 6.3): the central directory, stored and deflated
 * entries, CRC-32 checked. Enough for the GroupLens archives; no ZIP64, no encryption, and entry
 * names that could escape the target folder are refused.
 */
export interface ZipEntry {
  /** Path inside the archive, '/'-separated; folders end with '/'. */
  readonly name: string;
  readonly compressedSize: number;
  readonly size: number;
  readonly crc32: number;
  readonly method: number;
  readonly localHeaderOffset: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

/** The four bytes every ZIP archive starts with ("PK\3\4"). */
export function hasZipSignature(buffer: Buffer): boolean {
  return buffer.length >= 4 && buffer.readUInt32LE(0) === LOCAL_FILE_HEADER;
}

export class ZipError extends Error {
  override readonly name = 'ZipError';
}

export function readZipEntries(archive: Buffer): ZipEntry[] {
  const end = findEndOfCentralDirectory(archive);
  const count = archive.readUInt16LE(end + 10);
  const directorySize = archive.readUInt32LE(end + 12);
  const directoryOffset = archive.readUInt32LE(end + 16);
  if (directoryOffset + directorySize > end) throw new ZipError('the central directory lies outside the archive');
  const entries: ZipEntry[] = [];
  let offset = directoryOffset;
  for (let index = 0; index < count; index++) {
    if (offset + 46 > archive.length || archive.readUInt32LE(offset) !== CENTRAL_DIRECTORY_HEADER) {
      throw new ZipError(`central directory entry ${index + 1} is damaged`);
    }
    const flags = archive.readUInt16LE(offset + 8);
    if ((flags & 1) !== 0) throw new ZipError('encrypted entries are not supported');
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    const name = archive.toString('utf8', offset + 46, offset + 46 + nameLength);
    entries.push({
      name: checkedName(name),
      method: archive.readUInt16LE(offset + 10),
      crc32: archive.readUInt32LE(offset + 16),
      compressedSize: archive.readUInt32LE(offset + 20),
      size: archive.readUInt32LE(offset + 24),
      localHeaderOffset: archive.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The bytes of one entry, inflated and checked against its CRC-32 and size. */
export function readZipEntry(archive: Buffer, entry: ZipEntry): Buffer {
  const header = entry.localHeaderOffset;
  if (header + 30 > archive.length || archive.readUInt32LE(header) !== LOCAL_FILE_HEADER) {
    throw new ZipError(`${entry.name}: local header is damaged`);
  }
  const start = header + 30 + archive.readUInt16LE(header + 26) + archive.readUInt16LE(header + 28);
  const end = start + entry.compressedSize;
  if (end > archive.length) throw new ZipError(`${entry.name}: data is cut short`);
  const raw = archive.subarray(start, end);
  let content: Buffer;
  if (entry.method === STORED) content = Buffer.from(raw);
  else if (entry.method === DEFLATED) {
    try {
      content = inflateRawSync(raw);
    } catch (error) {
      throw new ZipError(`${entry.name}: cannot inflate (${error instanceof Error ? error.message : String(error)})`);
    }
  } else throw new ZipError(`${entry.name}: compression method ${entry.method} is not supported`);
  if (content.length !== entry.size) throw new ZipError(`${entry.name}: size ${content.length}, expected ${entry.size}`);
  if (crc32(content) !== entry.crc32) throw new ZipError(`${entry.name}: CRC-32 mismatch`);
  return content;
}

function findEndOfCentralDirectory(archive: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  const lowest = Math.max(0, archive.length - 22 - 0xffff);
  for (let offset = archive.length - 22; offset >= lowest; offset--) {
    if (archive.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) return offset;
  }
  throw new ZipError('no end of central directory: the archive is incomplete or not a ZIP file');
}

function checkedName(name: string): string {
  const normalized = name.replace(/\\/g, '/');
  const parts = normalized.split('/');
  if (normalized.startsWith('/') || /^[A-Za-z]:/.test(normalized) || parts.includes('..')) {
    throw new ZipError(`unsafe entry name "${name}"`);
  }
  return normalized;
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), as ZIP stores it. */
export function crc32(bytes: Uint8Array): number {
  if (crcTable === undefined) {
    crcTable = new Uint32Array(256);
    for (let byte = 0; byte < 256; byte++) {
      let value = byte;
      for (let bit = 0; bit < 8; bit++) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
      crcTable[byte] = value >>> 0;
    }
  }
  const table = crcTable;
  let crc = 0xffffffff;
  for (let index = 0; index < bytes.length; index++) crc = table[(crc ^ bytes[index]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
