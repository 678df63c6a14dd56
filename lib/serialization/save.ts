// torch.save: JavaScript values -> PyTorch's zip format (archive/data.pkl protocol 2, archive/data/<key> storages
// 64-byte aligned, byteorder, .format_version, .storage_alignment, version, .data/serialization_id), which
// Python's torch.load(weights_only=True) reads. Files are written atomically: a temporary file in the same
// directory, flushed to disk, renamed over the target, the directory flushed, so an interrupted save never
// destroys an earlier checkpoint.
import * as fs from 'fs';
import * as path from 'path';
import { randomBytes } from 'crypto';
import { pathOf, type FileURL } from './errors';

import { native, type Handle } from '../native/binding';
import { Tensor, wrap } from '../tensor/tensor';
import { withCallSite } from '../errors';
import { storageBytes } from '../tensor/storage';
import { deviceFromCode } from '../device';
import { pickle, typedStorageName, type TensorRecord } from './pickle/pickler';
import { layoutArchive, type RecordSpec } from './zip';
import { parameterType } from './parameter';

/** Where torch.save writes: a file path (string or file: URL), or anything with a write(chunk) method (a Node.js
 *  Writable stream, or `{ write: (c) => chunks.push(c) }` to collect the bytes). */
export type SaveTarget = string | FileURL | { write(chunk: Uint8Array, cb?: (err?: Error | null) => void): unknown };

interface StorageEntry {
  key: string;
  tensor: Tensor; // any tensor over the storage (kept alive for the duration of the save)
  nbytes: number;
  dtype: Tensor['dtype'];
}

/** The pickle and storage records of obj. */
function serialize(obj: unknown): { records: RecordSpec[]; keepAlive: Tensor[] } {
  const storages = new Map<number, StorageEntry>();
  const keepAlive: Tensor[] = [];
  const describeTensor = (t0: Tensor): TensorRecord => {
    let t = t0;
    if (t.is_meta) throw new TypeError('torch.save: a meta tensor has no data to save');
    if (t.is_neg()) {
      t = t.resolve_neg();
      keepAlive.push(t);
    }
    const [skey, nbytes, offset, devCode, allocated] = native.storageInfo(t._h);
    if (!allocated) throw new Error('torch.save: a tensor\'s storage is not allocated');
    const dtype = t.dtype;
    let s = storages.get(skey);
    if (s === undefined) {
      s = { key: String(storages.size), tensor: t, nbytes, dtype };
      storages.set(skey, s);
    } else if (s.dtype !== dtype) {
      throw new Error('Cannot save multiple tensors or storages that view the same data as different types');
    }
    const typed = typedStorageName(dtype);
    const dev = deviceFromCode(devCode);
    return {
      key: s.key,
      storageType: typed ?? 'UntypedStorage',
      location: dev.type === 'cuda' ? `cuda:${dev.index ?? 0}` : dev.toString(),
      numel: typed === null ? nbytes : Math.floor(nbytes / dtype.itemsize),
      offset,
      size: t.shape,
      stride: t.stride(),
      requires_grad: t.requires_grad,
      dtype,
      conj: t.is_conj(),
      parameter: parameterType.isParameter(t0),
    };
  };
  const pkl = pickle(obj, { tensor: describeTensor });
  const records: RecordSpec[] = [
    { name: 'data.pkl', data: pkl },
    { name: '.format_version', data: Buffer.from('1') },
    { name: '.storage_alignment', data: Buffer.from('64') },
    { name: 'byteorder', data: Buffer.from('little') },
  ];
  for (const s of storages.values()) {
    records.push({ name: `data/${s.key}`, data: { handle: s.tensor._h, nbytes: s.nbytes } });
    keepAlive.push(s.tensor);
  }
  records.push({ name: 'version', data: Buffer.from('3\n') });
  records.push({ name: '.data/serialization_id', data: Buffer.from(serializationId()) });
  return { records, keepAlive };
}

function serializationId(): string {
  const b = randomBytes(20);
  let s = '';
  for (const x of b) s += String(x % 100).padStart(2, '0');
  return s;
}

/** @internal the file to write for a target path: symlinks are followed, so the link's target is replaced */
export function targetPath(f: string | FileURL): string {
  let p = pathOf(f, 'torch.save');
  if (typeof p !== 'string' || p.length === 0) throw new TypeError('torch.save: the path must be a non-empty string');
  p = path.resolve(p);
  try {
    p = fs.realpathSync(p);
  } catch {
    // a new file: its directory must exist
    p = path.join(fs.realpathSync(path.dirname(p)), path.basename(p));
  }
  if (fs.existsSync(p) && fs.statSync(p).isDirectory()) throw new Error(`torch.save: ${p} is a directory`);
  return p;
}

/** @internal writes an archive's parts to path atomically (a temporary file, flushed, then renamed) */
export function writeAtomic(target: string, parts: (Uint8Array | Handle)[], patches: number[], async: true): Promise<void>;
export function writeAtomic(target: string, parts: (Uint8Array | Handle)[], patches: number[], async: false): void;
export function writeAtomic(target: string, parts: (Uint8Array | Handle)[], patches: number[], async: boolean): void | Promise<void> {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let mode = -1;
  try {
    mode = fs.statSync(target).mode & 0o7777;
  } catch {
    /* a new file */
  }
  return async ? native.writeArchive(tmp, target, parts, patches, mode, true) : native.writeArchive(tmp, target, parts, patches, mode, false);
}

function isWritable(f: unknown): f is { write(chunk: Uint8Array, cb?: (err?: Error | null) => void): unknown } {
  return typeof f === 'object' && f !== null && typeof (f as { write?: unknown }).write === 'function';
}

/** The parts of a layout as bytes for a stream (copies: the stream may hold them after save returns). */
function streamChunks(records: RecordSpec[]): Uint8Array[] {
  const cpuBytes = new Map<Handle, Uint8Array>();
  const bytesOf = (h: Handle, nbytes: number): Uint8Array => {
    let b = cpuBytes.get(h);
    if (b === undefined) {
      const [, , , dev] = native.storageInfo(h);
      if (dev >> 16 === 0) b = Buffer.from(storageBytes(h));
      else {
        const onDevice = wrap(native.storageSlice(h, 0, nbytes, false));
        const cpu = onDevice.cpu();
        b = Buffer.from(storageBytes(cpu._h));
        onDevice.dispose();
        cpu.dispose();
      }
      cpuBytes.set(h, b);
    }
    return b;
  };
  const layout = layoutArchive('archive', records, (r) => {
    const d = r.data as { handle: Handle; nbytes: number };
    return native.crc32(bytesOf(d.handle, d.nbytes));
  });
  return layout.parts.map((p) => (typeof p === 'number' ? cpuBytes.get(p)! : p));
}

/**
 * torch.save(obj, f): saves tensors, state_dicts and plain data in PyTorch's format (Python reads it with
 * torch.load(f, weights_only=True)). See docs/decisions.md for how JavaScript values map to Python ones.
 */
export function save(obj: unknown, f: SaveTarget): void {
  const { records, keepAlive } = serialize(obj);
  if (isWritable(f)) {
    for (const c of streamChunks(records)) f.write(c);
    return;
  }
  const layout = layoutArchive('archive', records);
  writeAtomic(targetPath(f), layout.parts, layout.patches, false);
  void keepAlive;
}

/** torch.save with the file work on a worker thread: the Promise resolves once the file is on disk. Do not change
 *  the saved tensors in place until it resolves. */
export async function saveAsync(obj: unknown, f: SaveTarget): Promise<void> {
  const { records, keepAlive } = serialize(obj);
  try {
    if (isWritable(f)) {
      for (const c of streamChunks(records)) {
        await new Promise<void>((resolve, reject) => {
          f.write(c, (err) => (err ? reject(err) : resolve()));
        });
      }
      return;
    }
    const layout = layoutArchive('archive', records);
    await writeAtomic(targetPath(f), layout.parts, layout.patches, true);
  } catch (e) {
    throw withCallSite(e);
  } finally {
    void keepAlive;
  }
}

