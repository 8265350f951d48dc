import { inflateRawSync } from 'node:zlib';

/**
 * A small, strict reader of ZIP archives (PKWARE APPNOTE 6.3): the central directory, stored and
 * deflated entries, CRC-32 checked. Enough for the GroupLens archives and nothing more: no ZIP64, no
 * encryption, no multi-disk archives. Anything that could make the archive say two things at once
 * or write outside a folder is refused: unsafe names (`..`, `.`, absolute, drive letters,
 * backslashes, control characters), symbolic links and other special files, duplicate names, a local
 * header that disagrees with the central directory, and entries whose data overlap.
 */
export interface ZipEntry {
  /** Path inside the archive, '/'-separated; folders end with '/'. */
  readonly name: string;
  readonly compressedSize: number;
  /** The inflated size the archive declares; inflation stops as soon as it is passed. */
  readonly size: number;
  readonly crc32: number;
  readonly method: number;
  readonly localHeaderOffset: number;
  /** Where the entry's (compressed) bytes start, after its local header. */
  readonly dataOffset: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
const ENCRYPTED = 0x0001 | 0x0040;
const MADE_BY_UNIX = 3;
const MADE_BY_DARWIN = 19;
const FILE_TYPE_MASK = 0o170000;
const REGULAR_FILE = 0o100000;
const DIRECTORY = 0o040000;
const SYMBOLIC_LINK = 0o120000;
const DOS_DIRECTORY = 0x10;
/** Values that mean "look in the ZIP64 record", which this reader does not support. */
const ZIP64_COUNT = 0xffff;
const ZIP64_SIZE = 0xffffffff;

/** The four bytes every ZIP archive starts with ("PK\3\4"). */
export function hasZipSignature(buffer: Buffer): boolean {
  return buffer.length >= 4 && buffer.readUInt32LE(0) === LOCAL_FILE_HEADER;
}

export class ZipError extends Error {
  override readonly name = 'ZipError';
}

/** The entries of the central directory, each checked against its local header. */
export function readZipEntries(archive: Buffer): ZipEntry[] {
  const end = findEndOfCentralDirectory(archive);
  const count = archive.readUInt16LE(end + 10);
  if (archive.readUInt16LE(end + 4) !== 0 || archive.readUInt16LE(end + 6) !== 0 || archive.readUInt16LE(end + 8) !== count) {
    throw new ZipError('multi-disk archives are not supported');
  }
  const directorySize = archive.readUInt32LE(end + 12);
  const directoryOffset = archive.readUInt32LE(end + 16);
  if (count === ZIP64_COUNT || directoryOffset === ZIP64_SIZE) throw new ZipError('ZIP64 archives are not supported');
  if (directoryOffset + directorySize > end) throw new ZipError('the central directory lies outside the archive');
  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  let offset = directoryOffset;
  for (let index = 0; index < count; index++) {
    if (offset + 46 > end || archive.readUInt32LE(offset) !== CENTRAL_DIRECTORY_HEADER) {
      throw new ZipError(`central directory entry ${index + 1} is damaged`);
    }
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    if (offset + 46 + nameLength > end) throw new ZipError(`central directory entry ${index + 1} is damaged`);
    const nameBytes = archive.subarray(offset + 46, offset + 46 + nameLength);
    const name = checkedName(nameBytes);
    // Case-insensitive: on macOS and Windows two such names would be one file.
    const key = name.toLowerCase();
    if (seen.has(key)) throw new ZipError(`the archive holds ${quoted(name)} twice`);
    seen.add(key);
    if ((archive.readUInt16LE(offset + 8) & ENCRYPTED) !== 0) throw new ZipError(`${quoted(name)} is encrypted`);
    checkFileType(name, archive.readUInt8(offset + 5), archive.readUInt32LE(offset + 38));
    const compressedSize = archive.readUInt32LE(offset + 20);
    const size = archive.readUInt32LE(offset + 24);
    const localHeaderOffset = archive.readUInt32LE(offset + 42);
    if (compressedSize === ZIP64_SIZE || size === ZIP64_SIZE || localHeaderOffset === ZIP64_SIZE) {
      throw new ZipError(`${quoted(name)}: ZIP64 entries are not supported`);
    }
    const method = archive.readUInt16LE(offset + 10);
    entries.push({
      name,
      method,
      crc32: archive.readUInt32LE(offset + 16),
      compressedSize,
      size,
      localHeaderOffset,
      dataOffset: checkedLocalHeader(archive, localHeaderOffset, nameBytes, method, name),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  checkNoOverlap(entries, directoryOffset);
  return entries;
}

/**
 * The bytes of one entry, inflated and checked against its CRC-32 and declared size. Refuses an
 * entry that declares more than `maxBytes` before inflating anything, and stops inflating as soon as
 * the output passes the declared size, so a small archive cannot fill memory.
 */
export function readZipEntry(archive: Buffer, entry: ZipEntry, maxBytes: number): Buffer {
  if (entry.size > maxBytes) {
    throw new ZipError(`${quoted(entry.name)} declares ${entry.size} bytes, more than the ${maxBytes} allowed`);
  }
  const raw = archive.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  let content: Buffer;
  if (entry.method === STORED) {
    if (raw.length !== entry.size) throw new ZipError(`${quoted(entry.name)}: stored size ${raw.length}, declared ${entry.size}`);
    content = Buffer.from(raw);
  } else if (entry.method === DEFLATED) {
    try {
      // maxOutputLength must be at least 1; an empty entry that inflates to 1 byte fails the size check below.
      content = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size) });
    } catch (error) {
      if (error instanceof RangeError) {
        throw new ZipError(`${quoted(entry.name)} inflates past its declared ${entry.size} bytes (a ZIP bomb?)`);
      }
      throw new ZipError(`${quoted(entry.name)}: cannot inflate (${error instanceof Error ? error.message : String(error)})`);
    }
  } else throw new ZipError(`${quoted(entry.name)}: compression method ${entry.method} is not supported`);
  if (content.length !== entry.size) throw new ZipError(`${quoted(entry.name)}: size ${content.length}, declared ${entry.size}`);
  if (crc32(content) !== entry.crc32) throw new ZipError(`${quoted(entry.name)}: CRC-32 mismatch`);
  return content;
}

/** A name for messages: quoted, with control and bidirectional characters escaped (never raw). */
export function quoted(name: string): string {
  const escaped = name.replace(/["\\\p{Cc}\u200b-\u200f\u202a-\u202e\u2066-\u2069]/gu, (character) => {
    const code = character.charCodeAt(0);
    if (character === '"' || character === '\\') return `\\${character}`;
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
  return `"${escaped}"`;
}

function findEndOfCentralDirectory(archive: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  const lowest = Math.max(0, archive.length - 22 - 0xffff);
  for (let offset = archive.length - 22; offset >= lowest; offset--) {
    if (archive.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) return offset;
  }
  throw new ZipError('no end of central directory: the archive is incomplete or not a ZIP file');
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function checkedName(bytes: Buffer): string {
  let name: string;
  try {
    name = UTF8.decode(bytes);
  } catch {
    throw new ZipError(`entry name ${quoted(bytes.toString('latin1'))} is not UTF-8`);
  }
  const why = unsafeNameReason(name);
  if (why !== undefined) throw new ZipError(`unsafe entry name ${quoted(name)}: ${why}`);
  return name;
}

function unsafeNameReason(name: string): string | undefined {
  if (name === '') return 'empty';
  if (/[\p{Cc}]/u.test(name)) return 'control characters';
  if (name.includes('\\')) return 'backslashes (read as folder separators on Windows)';
  if (name.startsWith('/')) return 'an absolute path';
  if (name.includes(':')) return 'a colon (a drive letter or an alternate data stream on Windows)';
  const parts = (name.endsWith('/') ? name.slice(0, -1) : name).split('/');
  if (parts.includes('..')) return 'climbs out of its folder';
  if (parts.includes('.') || parts.includes('')) return 'empty or "." path segments';
  return undefined;
}

/** Refuses symbolic links, devices and FIFOs, and a folder named like a file. */
function checkFileType(name: string, madeBy: number, externalAttributes: number): void {
  let isFolder = (externalAttributes & DOS_DIRECTORY) !== 0;
  if (madeBy === MADE_BY_UNIX || madeBy === MADE_BY_DARWIN) {
    const type = (externalAttributes >>> 16) & FILE_TYPE_MASK;
    if (type === SYMBOLIC_LINK) throw new ZipError(`${quoted(name)} is a symbolic link`);
    if (type !== 0 && type !== REGULAR_FILE && type !== DIRECTORY) throw new ZipError(`${quoted(name)} is a special file`);
    isFolder ||= type === DIRECTORY;
  }
  // Some writers (java.util.zip) leave a folder's attributes empty, so only this direction is refused.
  if (isFolder && !name.endsWith('/')) throw new ZipError(`${quoted(name)} is marked as a folder but named as a file`);
}

/** Checks the local header against the central directory and returns where the entry's data starts. */
function checkedLocalHeader(archive: Buffer, header: number, nameBytes: Buffer, method: number, name: string): number {
  if (header + 30 > archive.length || archive.readUInt32LE(header) !== LOCAL_FILE_HEADER) {
    throw new ZipError(`${quoted(name)}: local header is damaged`);
  }
  const nameLength = archive.readUInt16LE(header + 26);
  const start = header + 30 + nameLength + archive.readUInt16LE(header + 28);
  if (start > archive.length || !archive.subarray(header + 30, header + 30 + nameLength).equals(nameBytes)) {
    throw new ZipError(`${quoted(name)}: local header names another file`);
  }
  if (archive.readUInt16LE(header + 8) !== method) throw new ZipError(`${quoted(name)}: local header disagrees on the compression method`);
  return start;
}

/** Each entry's bytes must end before the next local header (overlapping entries make "ZIP bombs"). */
function checkNoOverlap(entries: readonly ZipEntry[], directoryOffset: number): void {
  const ordered = [...entries].sort((left, right) => left.localHeaderOffset - right.localHeaderOffset);
  for (let index = 0; index < ordered.length; index++) {
    const entry = ordered[index];
    const limit = index + 1 < ordered.length ? ordered[index + 1].localHeaderOffset : directoryOffset;
    if (entry.dataOffset + entry.compressedSize > limit) {
      throw new ZipError(`${quoted(entry.name)}: its data overlaps the next entry or runs past the archive`);
    }
  }
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
