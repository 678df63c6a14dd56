// torch.save / torch.load behaviour beyond interop: argument checks, values that cannot be saved, sharing and
// identity, dtype views, the JS representation marks, zip64 layout (checked by Python's zipfile), file handling.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import torch from '../../lib';
import { layoutArchive, ZipReader, FileSource } from '../../lib/serialization/zip';
import { runPythonScript } from '../helpers/python';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torch-node-ser-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const f = (name: string) => path.join(dir, name);

describe('torch.save', () => {
  test('refuses what Python cannot be given, with clear errors', () => {
    expect(() => torch.save({ fn: () => 1 }, f('a.pt'))).toThrow('cannot save a function');
    // the seed's "entire model" save: Python pickles the class by reference; here a clear pointer to state_dict
    expect(() => torch.save(new torch.nn.Linear(2, 1), f('a.pt'))).toThrow('cannot save an nn.Module (Linear) itself');
    expect(() => torch.save({ d: new Date() }, f('a.pt'))).toThrow('cannot save a Date');
    expect(() => torch.save(new Float32Array(2), f('a.pt'))).toThrow('cannot save a Float32Array');
    const cyc: Record<string, unknown> = {};
    cyc.me = cyc;
    expect(() => torch.save(cyc, f('a.pt'))).toThrow('reference cycle');
    const x = torch.arange(4, { dtype: torch.float32 });
    expect(() => torch.save([x, x.view(torch.int32)], f('a.pt'))).toThrow('view the same data as different types');
    const d = torch.ones([2]);
    d.dispose();
    expect(() => torch.save(d, f('a.pt'))).toThrow();
    expect(() => torch.save(1, path.join(dir, 'no-such-dir', 'x.pt'))).toThrow();
    expect(() => torch.save(1, dir)).toThrow('is a directory');
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
  test('a failed save keeps the previous file and leaves no temporary file', async () => {
    torch.save({ v: 1 }, f('keep.pt'));
    const bad = { v: 2, fn: () => 0 };
    expect(() => torch.save(bad, f('keep.pt'))).toThrow();
    await expect(torch.saveAsync(bad, f('keep.pt'))).rejects.toThrow();
    expect(torch.load(f('keep.pt'))).toEqual({ v: 1 });
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
  test('keeps the permissions of the file it replaces, and saves through a symlink to its target', () => {
    torch.save(1, f('perm.pt'));
    fs.chmodSync(f('perm.pt'), 0o600);
    torch.save(2, f('perm.pt'));
    expect(fs.statSync(f('perm.pt')).mode & 0o777).toBe(0o600);
    fs.symlinkSync(f('perm.pt'), f('link.pt'));
    torch.save(3, f('link.pt'));
    expect(fs.lstatSync(f('link.pt')).isSymbolicLink()).toBe(true);
    expect(torch.load(f('perm.pt'))).toBe(3);
  });
  test('shared objects and tensors stay shared; the same tensor twice is one tensor on load', () => {
    const t = torch.arange(6, { dtype: torch.float32 }).reshape([2, 3]);
    const list = [1, 2];
    torch.save({ a: t, b: t, v: t.select(0, 1), l1: list, l2: list }, f('shared.pt'));
    const r = torch.load(f('shared.pt')) as { a: torch.Tensor; b: torch.Tensor; v: torch.Tensor; l1: number[]; l2: number[] };
    expect(r.a).toBe(r.b);
    expect(r.l1).toBe(r.l2);
    r.a.fill_(7);
    expect(r.v.tolist()).toEqual([7, 7, 7]);
    expect(r.v.storage_offset()).toBe(3);
  });
  test('the representation marks round-trip: tuple, OrderedDict, _metadata, Size, float, complex, Map keys', () => {
    const s = torch.serialization;
    const sd = s.OrderedDict({ w: torch.ones([1]) });
    Object.defineProperty(sd, '_metadata', { value: { '': { version: 1 } }, enumerable: false });
    torch.save({ t: s.tuple(1, 2), sd, size: s.Size([3]), lr: s.float(1), c: s.complex(1, 2), m: new Map([[3, 'x']]) }, f('marks.pt'));
    const r = torch.load(f('marks.pt')) as Record<string, unknown>;
    expect(s.is_tuple(r.t)).toBe(true);
    expect(Object.isFrozen(r.t)).toBe(true);
    expect(s.is_ordered_dict(r.sd)).toBe(true);
    expect((r.sd as { _metadata: unknown })._metadata).toEqual({ '': { version: 1 } });
    expect(Object.keys(r.sd as object)).toEqual(['w']);
    expect(r.lr).toBe(1);
    expect(r.c).toEqual({ real: 1, imag: 2 });
    expect(r.m).toEqual(new Map([[3, 'x']]));
    // the whole float survives another round trip (the loaded object remembers it)
    torch.save(r, f('marks2.pt'));
    const chunks: Uint8Array[] = [];
    torch.save(r, { write: (c: Uint8Array) => chunks.push(c) });
    expect(Buffer.concat(chunks).includes(Buffer.from([0x47, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0]))).toBe(true); // BINFLOAT 1.0
  });
  test('a parameter-like tensor (requires_grad) loads with requires_grad; integer tensors cannot', () => {
    torch.save({ w: torch.ones([2], { requires_grad: true }) }, f('rg.pt'));
    const r = torch.load(f('rg.pt')) as { w: torch.Tensor };
    expect(r.w.requires_grad).toBe(true);
    expect(r.w.is_leaf).toBe(true);
    expect(r.w).not.toBeInstanceOf(torch.nn.Parameter);
  });
  test('nn.Parameter round-trips as a Parameter (frozen ones too), once per identity', () => {
    const w = new torch.nn.Parameter(torch.ones([2]));
    torch.save({ w, frozen: new torch.nn.Parameter(torch.zeros([1]), false), again: w }, f('param.pt'));
    const r = torch.load(f('param.pt')) as Record<string, torch.Tensor>;
    expect(r.w).toBeInstanceOf(torch.nn.Parameter);
    expect([r.w.requires_grad, r.frozen.requires_grad]).toEqual([true, false]);
    expect(r.frozen).toBeInstanceOf(torch.nn.Parameter);
    expect(r.again).toBe(r.w);
    expect(String(r.w)).toBe('Parameter containing:\ntensor([1., 1.], requires_grad=True)');
  });
});

describe('torch.load options and sources', () => {
  test('option checks', () => {
    torch.save({ a: 1 }, f('o.pt'));
    expect(() => torch.load(f('o.pt'), { weights_only: false })).toThrow('weights_only=false is not supported');
    expect(() => torch.load(f('o.pt'), { bogus: 1 } as never)).toThrow("unexpected keyword argument 'bogus'");
    expect(() => torch.load(fs.readFileSync(f('o.pt')), { mmap: true })).toThrow('mmap needs a file path');
    expect(() => torch.load(f('missing.pt'))).toThrow('ENOENT');
    expect(() => torch.load(dir)).toThrow();
    expect(() => torch.load(42 as never)).toThrow('expected a file path or a Buffer');
    expect(torch.load(new URL(`file://${f('o.pt')}`))).toEqual({ a: 1 });
    expect(torch.load(new Uint8Array(fs.readFileSync(f('o.pt'))).buffer)).toEqual({ a: 1 });
  });
  test('a TorchScript archive points to torch.jit.load', () => {
    const zip = Buffer.concat(layoutArchive('m', [{ name: 'data.pkl', data: Buffer.from([0x80, 2, 0x4e, 0x2e]) }, { name: 'constants.pkl', data: Buffer.from([0x80, 2, 0x29, 0x2e]) }]).parts as Uint8Array[]);
    expect(() => torch.load(zip)).toThrow('torch.jit.load');
  });
  test('mmap: tensors are copy-on-write views of the file', () => {
    torch.save({ w: torch.ones([1000]) }, f('m.pt'));
    const before = fs.readFileSync(f('m.pt'));
    const r = torch.load(f('m.pt'), { mmap: true }) as { w: torch.Tensor };
    r.w.mul_(3);
    expect(r.w.sum().item()).toBe(3000);
    expect(Buffer.compare(before, fs.readFileSync(f('m.pt')))).toBe(0);
  });
  test('loadAsync errors keep the call site', async () => {
    const err = await torch.loadAsync(f('missing.pt')).catch((e: Error) => e);
    expect((err as Error).message).toContain('ENOENT');
    fs.writeFileSync(f('bad.pt'), Buffer.from('PK\x03\x04garbage'));
    const err2 = await torch.loadAsync(f('bad.pt')).catch((e: Error) => e);
    expect((err2 as Error).name).toBe('SerializationError');
    expect((err2 as Error).stack).toContain('async call site');
  });
});

describe('CRC-32', () => {
  test('agrees with zlib on every length and seed, on the folding path and the tables', () => {
    const zlib = require('zlib') as { crc32?: (b: Uint8Array, seed?: number) => number };
    const { native } = require('../../lib/native/binding') as typeof import('../../lib/native/binding');
    expect(['clmul', 'table']).toContain(native.crc32Path());
    const ref = (b: Uint8Array, seed = 0): number => {
      if (zlib.crc32 && b.length > 0) return zlib.crc32(b, seed);
      let c = ~seed >>> 0;
      for (const x of b) {
        c ^= x;
        for (let k = 0; k < 8; k++) c = c & 1 ? (0xedb88320 ^ (c >>> 1)) >>> 0 : c >>> 1;
      }
      return ~c >>> 0;
    };
    const buf = Buffer.alloc(5000);
    for (let i = 0; i < buf.length; i++) buf[i] = (i * 2654435761) >>> 24;
    for (let n = 0; n < 400; n++) expect(native.crc32(buf.subarray(0, n), 77)).toBe(ref(buf.subarray(0, n), 77));
    for (const n of [1023, 1024, 4099, 5000]) expect(native.crc32(buf.subarray(1, n))).toBe(ref(buf.subarray(1, n)));
  });
});

describe('zip64', () => {
  test('records beyond 4 GB get zip64 fields that Python\'s zipfile reads (sparse file, headers only)', () => {
    const big = 2 ** 32 + 4096;
    const layout = layoutArchive('archive', [
      { name: 'data.pkl', data: Buffer.from([0x80, 2, 0x4e, 0x2e]) },
      { name: 'data/0', data: { handle: 0, nbytes: big } },
      { name: 'version', data: Buffer.from('3\n') },
    ], () => 0);
    const file = f('zip64.pt');
    const fd = fs.openSync(file, 'w');
    let pos = 0;
    for (const p of layout.parts) {
      if (typeof p === 'number') pos += big; // the storage: left as a hole (a sparse file)
      else {
        fs.writeSync(fd, p, 0, p.length, pos);
        pos += p.length;
      }
    }
    fs.closeSync(fd);
    expect(fs.statSync(file).size).toBe(layout.size);
    const z = new ZipReader(new FileSource(file));
    expect(z.entry('data/0').size).toBe(big);
    expect(z.entry('version').headerOffset).toBeGreaterThan(2 ** 32);
    expect(z.dataOffset(z.entry('data/0')) % 64).toBe(0);
    const py = runPythonScript<Record<string, [number, number, number]>>('serialization/pyzipinfo.py', { file });
    expect(py['archive/data/0'][1]).toBe(big);
    expect(py['archive/version'][0]).toBe(z.entry('version').headerOffset);
    fs.rmSync(file);
  });
});
