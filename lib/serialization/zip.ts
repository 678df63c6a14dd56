// The zip container of torch.save files (PyTorch's PyTorchStreamReader/Writer over miniz): reading the central
// directory of a file or a Buffer (zip64 included), locating and checking records; and laying out an archive with
// every record's data 64-byte aligned (PyTorch's storage alignment), as a list of parts for the native writer.
// Every structure read is checked against the file's size before it is used: a malformed archive is a clear error.
import * as fs from 'fs';
import { inflateRawSync } from 'zlib';
import { constants as bufferConstants } from 'buffer';

import { native, type Handle } from '../native/binding';

import { SerializationError } from './errors';

/** Random access to the bytes of a file or a Buffer. */
export interface ByteSource {
  readonly size: number;
  /** For files: the path (records can be read natively, or mapped). */
  readonly path: string | null;
  read(offset: number, length: number): Buffer;
  close(): void;
}

export class FileSource implements ByteSource {
  readonly size: number;
  private fd: number;
  constructor(readonly path: string) {
    this.fd = fs.openSync(path, 'r');
    try {
      const st = fs.fstatSync(this.fd);
      if (st.isDirectory()) throw new SerializationError(`${path} is a directory`);
      this.size = st.size;
    } catch (e) {
      fs.closeSync(this.fd);
      throw e;
    }
  }
  read(offset: number, length: number): Buffer {
    checkRange(offset, length, this.size, 'read');
    const b = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = fs.readSync(this.fd, b, done, length - done, offset + done);
      if (n === 0) throw new SerializationError(`unexpected end of file in ${this.path} (it shrank while loading)`);
      done += n;
    }
    return b;
  }
  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }
}

export class BufferSource implements ByteSource {
  readonly path = null;
  readonly size: number;
  constructor(readonly buffer: Uint8Array) {
    this.size = buffer.byteLength;
  }
  read(offset: number, length: number): Buffer {
    checkRange(offset, length, this.size, 'read');
    return Buffer.from(this.buffer.buffer, this.buffer.byteOffset + offset, length);
  }
  close(): void {}
}

function checkRange(offset: number, length: number, size: number, what: string): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > size) {
    throw new SerializationError(`the archive is truncated or corrupt: a ${what} of ${length} bytes at offset ${offset} lies outside the file (${size} bytes)`);
  }
}

export interface ZipEntry {
  /** the name inside the archive, without the archive's top folder */
  name: string;
  fullName: string;
  headerOffset: number;
  compressedSize: number;
  size: number;
  crc: number;
  method: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_EOCD64 = 0x06064b50;
const SIG_LOCATOR64 = 0x07064b50;
const MAX_ENTRIES = 1 << 20;

/** True when the source starts like a zip archive (a local file header). */
export function isZip(src: ByteSource): boolean {
  return src.size >= 4 && src.read(0, 4).readUInt32LE(0) === SIG_LOCAL;
}

function u64(b: Buffer, at: number): number {
  const v = b.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new SerializationError('the archive declares a size or offset beyond 2^53 bytes');
  return Number(v);
}

/** The records of a zip archive: all under one top folder (torch.save's archive name), as PyTorch reads them. */
export class ZipReader {
  readonly entries = new Map<string, ZipEntry>();
  readonly prefix: string;
  private dataOffsets = new Map<ZipEntry, number>();

  constructor(readonly src: ByteSource) {
    const size = src.size;
    if (size < 22) throw new SerializationError(`the file is too short to be a zip archive (${size} bytes)`);
    // the end of central directory record: within the last 22 + 65535 bytes
    const tailLen = Math.min(size, 22 + 65535);
    const tail = src.read(size - tailLen, tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === SIG_EOCD && i + 22 + tail.readUInt16LE(i + 20) <= tailLen) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new SerializationError('the zip archive has no end of central directory record (the file is truncated or not a torch.save file)');
    const eocdAt = size - tailLen + eocd;
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      // zip64: a locator just before the end record names the zip64 end record
      if (eocdAt < 20) throw new SerializationError('the zip64 locator is missing');
      const loc = src.read(eocdAt - 20, 20);
      if (loc.readUInt32LE(0) !== SIG_LOCATOR64) throw new SerializationError('the zip64 end of central directory locator is missing or corrupt');
      const at = u64(loc, 8);
      const rec = src.read(at, 56);
      if (rec.readUInt32LE(0) !== SIG_EOCD64) throw new SerializationError('the zip64 end of central directory record is corrupt');
      count = u64(rec, 32);
      cdSize = u64(rec, 40);
      cdOffset = u64(rec, 48);
    }
    if (count > MAX_ENTRIES) throw new SerializationError(`the archive declares ${count} records (more than ${MAX_ENTRIES})`);
    if (count === 0) throw new SerializationError('the zip archive is empty');
    checkRange(cdOffset, cdSize, size, 'central directory');
    const cd = src.read(cdOffset, cdSize);
    let p = 0;
    let prefix: string | null = null;
    for (let i = 0; i < count; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== SIG_CENTRAL) {
        throw new SerializationError(`the central directory is corrupt (record ${i} of ${count})`);
      }
      const flags = cd.readUInt16LE(p + 8);
      const method = cd.readUInt16LE(p + 10);
      const crc = cd.readUInt32LE(p + 16);
      let compressedSize = cd.readUInt32LE(p + 20);
      let usize = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      let headerOffset = cd.readUInt32LE(p + 42);
      if (p + 46 + nameLen + extraLen + commentLen > cd.length) throw new SerializationError('the central directory is truncated');
      const fullName = cd.toString('utf8', p + 46, p + 46 + nameLen);
      // zip64 extended information: the fields that are 0xFFFFFFFF, in order
      let e = p + 46 + nameLen;
      const eEnd = e + extraLen;
      while (e + 4 <= eEnd) {
        const id = cd.readUInt16LE(e);
        const len = cd.readUInt16LE(e + 2);
        if (e + 4 + len > eEnd) throw new SerializationError(`the extra field of ${fullName} is corrupt`);
        if (id === 0x0001) {
          let q = e + 4;
          const take = (): number => {
            if (q + 8 > e + 4 + len) throw new SerializationError(`the zip64 field of ${fullName} is too short`);
            const v = u64(cd, q);
            q += 8;
            return v;
          };
          if (usize === 0xffffffff) usize = take();
          if (compressedSize === 0xffffffff) compressedSize = take();
          if (headerOffset === 0xffffffff) headerOffset = take();
        }
        e += 4 + len;
      }
      if (flags & 1) throw new SerializationError(`the record ${fullName} is encrypted`);
      if (method !== 0 && method !== 8) throw new SerializationError(`the record ${fullName} uses compression method ${method} (only stored and deflated records are read)`);
      if (method === 0 && compressedSize !== usize) throw new SerializationError(`the stored record ${fullName} declares different sizes (${compressedSize} and ${usize})`);
      checkRange(headerOffset, 30 + compressedSize, size, `record (${fullName})`);
      const slash = fullName.indexOf('/');
      const top = slash < 0 ? '' : fullName.slice(0, slash + 1);
      if (prefix === null) prefix = top;
      const name = fullName.startsWith(prefix) ? fullName.slice(prefix.length) : fullName;
      if (this.entries.has(name)) throw new SerializationError(`the archive has two records named ${name}`);
      this.entries.set(name, { name, fullName, headerOffset, compressedSize, size: usize, crc, method });
      p += 46 + nameLen + extraLen + commentLen;
    }
    this.prefix = prefix ?? '';
    // records must not overlap (overlapping records are a zip-bomb and a confusion trick)
    const spans = [...this.entries.values()].sort((a, b) => a.headerOffset - b.headerOffset);
    for (let i = 1; i < spans.length; i++) {
      const prev = spans[i - 1];
      if (spans[i].headerOffset < prev.headerOffset + 30 + prev.compressedSize) {
        throw new SerializationError(`the records ${prev.fullName} and ${spans[i].fullName} overlap (the archive is corrupt or hostile)`);
      }
    }
    if (spans.length > 0) {
      const last = spans[spans.length - 1];
      if (last.headerOffset + 30 + last.compressedSize > cdOffset) throw new SerializationError(`the record ${last.fullName} overlaps the central directory`);
    }
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  entry(name: string): ZipEntry {
    const e = this.entries.get(name);
    if (e === undefined) throw new SerializationError(`the archive has no record ${this.prefix}${name}`);
    return e;
  }

  /** The file offset of a record's data (after its local header), checked to hold the whole record. */
  dataOffset(e: ZipEntry): number {
    let at = this.dataOffsets.get(e);
    if (at === undefined) {
      const h = this.src.read(e.headerOffset, 30);
      if (h.readUInt32LE(0) !== SIG_LOCAL) throw new SerializationError(`the local header of ${e.fullName} is corrupt`);
      at = e.headerOffset + 30 + h.readUInt16LE(26) + h.readUInt16LE(28);
      checkRange(at, e.compressedSize, this.src.size, `record (${e.fullName})`);
      this.dataOffsets.set(e, at);
    }
    return at;
  }

  /** A record's bytes, inflated if deflated, CRC-checked. For small records and pickles. */
  read(name: string, limit = bufferConstants.MAX_LENGTH): Buffer {
    const e = this.entry(name);
    if (e.size > limit) throw new SerializationError(`the record ${e.fullName} declares ${e.size} bytes (more than the ${limit} allowed for it)`);
    const raw = this.src.read(this.dataOffset(e), e.compressedSize);
    let data = raw;
    if (e.method === 8) {
      // a deflate stream expands at most ~1032x: a larger declared size is a lie (or a bomb)
      if (e.size > e.compressedSize * 1032 + 1024) throw new SerializationError(`the record ${e.fullName} declares an impossible size for its compressed data (a zip bomb?)`);
      try {
        data = inflateRawSync(raw, { maxOutputLength: Math.max(1, e.size) });
      } catch (err) {
        throw new SerializationError(`the record ${e.fullName} does not inflate: ${(err as Error).message}`);
      }
      if (data.length !== e.size) throw new SerializationError(`the record ${e.fullName} inflates to ${data.length} bytes, not the ${e.size} declared`);
    }
    if (native.crc32(data) !== e.crc) throw new SerializationError(`CRC-32 mismatch in record ${e.fullName} (the file is corrupt)`);
    return data;
  }
}

// ---- writing ------------------------------------------------------------------------------------------------------

/** A record to write: its bytes, or a tensor whose whole storage is the record (its CRC is computed natively). */
export interface RecordSpec {
  name: string;
  data: Uint8Array | { handle: Handle; nbytes: number };
}

/** An archive laid out as parts for native.writeArchive (or a stream), with where each storage's CRC goes. */
export interface ArchiveLayout {
  parts: (Uint8Array | Handle)[];
  /** flat [partIndex, fileOffset, ...] */
  patches: number[];
  size: number;
}

const ALIGN = 64;
const U32 = 0xffffffff;

/**
 * Lays out a zip archive of stored records, each record's data 64-byte aligned (padding in an extra field, as
 * miniz does in PyTorch's writer), zip64 where sizes or offsets need it. Storage records' CRC-32 fields are left 0
 * and listed in `patches` (the writer computes them while writing); `crcOf` can supply them instead (streams).
 */
export function layoutArchive(archive: string, records: RecordSpec[], crcOf?: (r: RecordSpec) => number): ArchiveLayout {
  const parts: (Uint8Array | Handle)[] = [];
  const patches: number[] = [];
  const central: Buffer[] = [];
  let pos = 0;
  for (const r of records) {
    const name = Buffer.from(`${archive}/${r.name}`, 'utf8');
    const isBytes = r.data instanceof Uint8Array;
    const size = isBytes ? (r.data as Uint8Array).byteLength : (r.data as { nbytes: number }).nbytes;
    const crc = isBytes ? native.crc32(r.data as Uint8Array) : crcOf ? crcOf(r) : 0;
    const zip64 = size >= U32 || pos >= U32;
    const z64Local = zip64 ? 20 : 0; // id, len, usize, csize
    let pad = (ALIGN - ((pos + 30 + name.length + z64Local) % ALIGN)) % ALIGN;
    if (pad > 0 && pad < 4) pad += ALIGN;
    const local = Buffer.alloc(30 + name.length + z64Local + pad);
    local.writeUInt32LE(SIG_LOCAL, 0);
    local.writeUInt16LE(zip64 ? 45 : 20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(zip64 ? U32 : size, 18);
    local.writeUInt32LE(zip64 ? U32 : size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(z64Local + pad, 28);
    name.copy(local, 30);
    let q = 30 + name.length;
    if (zip64) {
      local.writeUInt16LE(0x0001, q);
      local.writeUInt16LE(16, q + 2);
      local.writeBigUInt64LE(BigInt(size), q + 4);
      local.writeBigUInt64LE(BigInt(size), q + 12);
      q += 20;
    }
    if (pad > 0) {
      local.writeUInt16LE(0x4246, q); // 'FB', PyTorch's padding field
      local.writeUInt16LE(pad - 4, q + 2);
      local.fill(0x5a, q + 4, q + pad); // 'Z'
    }
    const headerOffset = pos;
    parts.push(local);
    pos += local.length;
    const dataPart = parts.length;
    parts.push(isBytes ? (r.data as Uint8Array) : (r.data as { handle: Handle }).handle);
    if (!isBytes && !crcOf) patches.push(dataPart, headerOffset + 14);
    pos += size;
    // the central directory entry
    const z64Fields: bigint[] = [];
    if (size >= U32) z64Fields.push(BigInt(size), BigInt(size));
    if (headerOffset >= U32) z64Fields.push(BigInt(headerOffset));
    const z64Len = z64Fields.length > 0 ? 4 + 8 * z64Fields.length : 0;
    const c = Buffer.alloc(46 + name.length + z64Len);
    c.writeUInt32LE(SIG_CENTRAL, 0);
    c.writeUInt16LE(zip64 ? 45 : 20, 4);
    c.writeUInt16LE(zip64 ? 45 : 20, 6);
    c.writeUInt16LE(0x0800, 8);
    c.writeUInt32LE(crc >>> 0, 16);
    c.writeUInt32LE(size >= U32 ? U32 : size, 20);
    c.writeUInt32LE(size >= U32 ? U32 : size, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt16LE(z64Len, 30);
    c.writeUInt32LE(headerOffset >= U32 ? U32 : headerOffset, 42);
    name.copy(c, 46);
    if (z64Len > 0) {
      let k = 46 + name.length;
      c.writeUInt16LE(0x0001, k);
      c.writeUInt16LE(8 * z64Fields.length, k + 2);
      k += 4;
      for (const v of z64Fields) {
        c.writeBigUInt64LE(v, k);
        k += 8;
      }
    }
    central.push(c);
    (c as Buffer & { dataPart?: number }).dataPart = isBytes || crcOf ? -1 : dataPart;
  }
  const cdOffset = pos;
  for (const c of central) {
    const dp = (c as Buffer & { dataPart?: number }).dataPart ?? -1;
    if (dp >= 0) patches.push(dp, pos + 16);
    pos += c.length;
  }
  const cdSize = pos - cdOffset;
  const need64 = records.length >= 0xffff || cdOffset >= U32 || cdSize >= U32;
  const end: Buffer[] = [...central];
  if (need64) {
    const rec = Buffer.alloc(56);
    rec.writeUInt32LE(SIG_EOCD64, 0);
    rec.writeBigUInt64LE(44n, 4);
    rec.writeUInt16LE(45, 12);
    rec.writeUInt16LE(45, 14);
    rec.writeBigUInt64LE(BigInt(records.length), 24);
    rec.writeBigUInt64LE(BigInt(records.length), 32);
    rec.writeBigUInt64LE(BigInt(cdSize), 40);
    rec.writeBigUInt64LE(BigInt(cdOffset), 48);
    const loc = Buffer.alloc(20);
    loc.writeUInt32LE(SIG_LOCATOR64, 0);
    loc.writeBigUInt64LE(BigInt(pos), 8);
    loc.writeUInt32LE(1, 16);
    end.push(rec, loc);
    pos += 76;
  }
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(SIG_EOCD, 0);
  eocd.writeUInt16LE(need64 ? 0xffff : records.length, 8);
  eocd.writeUInt16LE(need64 ? 0xffff : records.length, 10);
  eocd.writeUInt32LE(need64 ? U32 : cdSize, 12);
  eocd.writeUInt32LE(need64 ? U32 : cdOffset, 16);
  end.push(eocd);
  pos += 22;
  parts.push(Buffer.concat(end));
  return { parts, patches, size: pos };
}
