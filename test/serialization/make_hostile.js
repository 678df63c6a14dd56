#!/usr/bin/env node
// Builds the hostile-file corpus for test/serialization/hostile.test.ts: `node make_hostile.js DIR` writes at least
// 200 malformed or malicious files into DIR (and DIR/index.json: name -> what each is). Every file must make
// torch.load / torch.serialization.safetensors give a clear Error: no crash, no hang, nothing run. The files are
// made here with a small pickle assembler and zip writer of their own (not torch-node's writer), seeded, so the
// corpus is the same on every run.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const dir = process.argv[2];
if (!dir) throw new Error('usage: node make_hostile.js DIR');
fs.mkdirSync(dir, { recursive: true });
const index = {};
// the marker a successful code execution would create; the test checks it never appears
const PWNED = path.join(dir, 'PWNED');

// ---- a deterministic PRNG -------------------------------------------------------------------------------------------
let seed = 0x2545f491;
function rnd() {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
}
const ri = (n) => Math.floor(rnd() * n);

// ---- CRC-32 and a zip writer (stored or deflated records, no alignment) ---------------------------------------------
const CRC = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crc32(b) {
  let c = -1;
  for (let i = 0; i < b.length; i++) c = CRC[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
/** records: [{name, data, deflate?, crc?, size?}] -> a zip Buffer, plus the offsets of its structures */
function zip(records, opts = {}) {
  const parts = [];
  const central = [];
  const marks = [];
  let pos = 0;
  for (const r of records) {
    const name = Buffer.from(r.name);
    const stored = r.deflate ? zlib.deflateRawSync(r.data) : r.data;
    const crc = r.crc ?? crc32(r.data);
    const usize = r.size ?? r.data.length;
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(r.deflate ? 8 : 0, 8);
    h.writeUInt32LE(crc, 14);
    h.writeUInt32LE(stored.length, 18);
    h.writeUInt32LE(usize, 22);
    h.writeUInt16LE(name.length, 26);
    marks.push(pos, pos + 30 + name.length, pos + 30 + name.length + stored.length);
    const headerOffset = r.headerOffset ?? pos;
    parts.push(h, name, stored);
    pos += 30 + name.length + stored.length;
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(r.deflate ? 8 : 0, 10);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(r.csize ?? stored.length, 20);
    c.writeUInt32LE(usize, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(headerOffset, 42);
    central.push(c, name);
  }
  const cdOffset = pos;
  for (let i = 0; i < central.length; i += 2) {
    marks.push(pos);
    pos += central[i].length + central[i + 1].length;
  }
  const e = Buffer.alloc(22);
  e.writeUInt32LE(0x06054b50, 0);
  e.writeUInt16LE(opts.count ?? records.length, 8);
  e.writeUInt16LE(opts.count ?? records.length, 10);
  e.writeUInt32LE(opts.cdSize ?? pos - cdOffset, 12);
  e.writeUInt32LE(opts.cdOffset ?? cdOffset, 16);
  marks.push(pos, pos + 8, pos + 12, pos + 16, pos + 22);
  return { buf: Buffer.concat([...parts, ...central, e]), marks };
}

// ---- a pickle assembler ---------------------------------------------------------------------------------------------
const op = (...bytes) => Buffer.from(bytes);
const P = {
  proto: (v = 2) => op(0x80, v),
  stop: () => op(0x2e),
  mark: () => op(0x28),
  tuple: () => op(0x74),
  tuple1: () => op(0x85),
  tuple2: () => op(0x86),
  tuple3: () => op(0x87),
  emptyTuple: () => op(0x29),
  emptyDict: () => op(0x7d),
  emptyList: () => op(0x5d),
  reduce: () => op(0x52),
  build: () => op(0x62),
  setitem: () => op(0x73),
  setitems: () => op(0x75),
  append: () => op(0x61),
  appends: () => op(0x65),
  persid: () => op(0x51),
  none: () => op(0x4e),
  t: () => op(0x88),
  f: () => op(0x89),
  binput: (i) => op(0x71, i),
  binget: (i) => op(0x68, i),
  global: (m, n) => Buffer.concat([op(0x63), Buffer.from(`${m}\n${n}\n`)]),
  str: (s) => {
    const b = Buffer.from(s);
    const h = Buffer.alloc(5);
    h[0] = 0x58;
    h.writeUInt32LE(b.length, 1);
    return Buffer.concat([h, b]);
  },
  int: (n) => {
    if (typeof n === 'bigint' && n >= -0x80000000n && n <= 0x7fffffffn) n = Number(n);
    if (n >= 0 && n < 256) return op(0x4b, n);
    if (n >= -0x80000000 && n <= 0x7fffffff) {
      const b = Buffer.alloc(5);
      b[0] = 0x4a;
      b.writeInt32LE(n, 1);
      return b;
    }
    let x = BigInt(n);
    const out = [];
    for (;;) {
      out.push(Number(x & 0xffn));
      x >>= 8n;
      const sign = out[out.length - 1] & 0x80;
      if ((x === 0n && !sign) || (x === -1n && sign)) break;
    }
    return Buffer.concat([op(0x8a, out.length), Buffer.from(out)]);
  },
  tupleOf: (...items) => Buffer.concat([op(0x28), ...items, op(0x74)]),
};
const pk = (...parts) => Buffer.concat(parts);
/** a tensor rebuild: _rebuild_tensor_v2(storage(key, type, numel), offset, size, stride, False, OrderedDict()) */
function tensor({ key = '0', type = 'FloatStorage', location = 'cpu', numel = 6, offset = 0, size = [2, 3], stride = [3, 1], pid } = {}) {
  return pk(
    P.global('torch._utils', '_rebuild_tensor_v2'),
    P.mark(),
    pid ?? P.tupleOf(P.str('storage'), P.global('torch', type), P.str(key), P.str(location), P.int(numel)),
    P.persid(),
    P.int(offset),
    P.tupleOf(...size.map(P.int)),
    P.tupleOf(...stride.map(P.int)),
    P.f(),
    P.global('collections', 'OrderedDict'),
    P.emptyTuple(),
    P.reduce(),
    P.tuple(),
    P.reduce(),
  );
}
const dictOf = (...kv) => pk(P.emptyDict(), P.mark(), ...kv, P.setitems());
const floats6 = Buffer.from(new Float32Array([1, 2, 3, 4, 5, 6]).buffer);
/** a checkpoint archive around a pickle, with data records */
function archive(pickleBytes, data = { 0: floats6 }, extra = []) {
  return zip([{ name: 'archive/data.pkl', data: pickleBytes }, { name: 'archive/byteorder', data: Buffer.from('little') },
    ...Object.entries(data).map(([k, v]) => ({ name: `archive/data/${k}`, data: v })), { name: 'archive/version', data: Buffer.from('3\n') }, ...extra]);
}
const goodPickle = pk(P.proto(), dictOf(P.str('w'), tensor(), P.str('n'), P.int(3)), P.stop());
const good = archive(goodPickle);

function add(name, what, buf) {
  if (index[name]) throw new Error(`duplicate corpus name ${name}`);
  fs.writeFileSync(path.join(dir, name), buf);
  index[name] = what;
}
fs.writeFileSync(path.join(dir, 'GOOD.pt'), good.buf); // the valid seed (the test checks it loads)

// 1. truncation at every structural boundary of the archive, and of the pickle at every opcode boundary
[...new Set(good.marks)].filter((m) => m < good.buf.length).forEach((m, i) => add(`trunc_zip_${i}.pt`, `archive cut at ${m}`, good.buf.subarray(0, m)));
for (let i = 1; i < goodPickle.length - 1; i += 3) add(`trunc_pickle_${i}.pt`, `pickle cut at ${i}`, archive(goodPickle.subarray(0, i)).buf);
add('empty.pt', 'an empty file', Buffer.alloc(0));
add('one_byte.pt', 'one byte', Buffer.from([0x50]));

// 2. bit flips
for (let i = 0; i < 40; i++) {
  const b = Buffer.from(good.buf);
  for (let k = 0; k < 1 + ri(4); k++) b[ri(b.length)] ^= 1 << ri(8);
  add(`bitflip_${i}.pt`, 'random bit flips (may hit a byte nothing reads: loading is then fine)', b);
}

// 3. bad CRCs
add('crc_pickle.pt', 'data.pkl with a wrong CRC', zip([{ name: 'archive/data.pkl', data: goodPickle, crc: 1234 }, { name: 'archive/data/0', data: floats6 }]).buf);
add('crc_storage.pt', 'a storage with a wrong CRC', zip([{ name: 'archive/data.pkl', data: goodPickle }, { name: 'archive/data/0', data: floats6, crc: 99 }]).buf);
{
  const b = Buffer.from(good.buf);
  const at = b.indexOf(floats6);
  b[at + 3] ^= 0xff;
  add('crc_storage_data_changed.pt', 'storage bytes changed after the CRC', b);
  const c = Buffer.from(good.buf);
  c[c.indexOf(Buffer.from('_rebuild_tensor_v2')) + 2] ^= 1;
  add('crc_pickle_data_changed.pt', 'pickle bytes changed after the CRC', c);
}

// 4. absurd declared sizes (zip structures)
const rec = (over) => [{ name: 'archive/data.pkl', data: goodPickle, ...over }, { name: 'archive/data/0', data: floats6 }];
add('size_huge_pickle.pt', 'data.pkl declares 4 GB', zip(rec({ size: 0xfffffff0, csize: 0xfffffff0 })).buf);
add('size_stored_mismatch.pt', 'stored record whose sizes differ', zip(rec({ size: 10 })).buf);
add('count_huge.pt', 'the end record declares 65000 entries', zip(rec({}), { count: 65000 }).buf);
add('cd_offset_beyond.pt', 'central directory beyond the file', zip(rec({}), { cdOffset: 0x7ffffff0 }).buf);
add('cd_size_huge.pt', 'central directory size beyond the file', zip(rec({}), { cdSize: 0x7ffffff0 }).buf);
add('header_offset_beyond.pt', 'a record header beyond the file', zip(rec({ headerOffset: 0x7fff0000 })).buf);
add('zip64_missing.pt', 'zip64 markers without a zip64 record', zip(rec({}), { count: 0xffff, cdSize: 0xffffffff, cdOffset: 0xffffffff }).buf);
add('no_pickle.pt', 'an archive without data.pkl', zip([{ name: 'archive/data/0', data: floats6 }]).buf);
add('dup_records.pt', 'two records with one name', zip([...rec({}), { name: 'archive/data.pkl', data: goodPickle }]).buf);
add('encrypted.pt', 'an encrypted record', (() => {
  const z = zip(rec({})).buf;
  const cd = z.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), z.length - 22);
  const first = z.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  z.writeUInt16LE(1, first + 8);
  void cd;
  return z;
})());
add('method_unknown.pt', 'compression method 12', (() => {
  const z = zip(rec({})).buf;
  z.writeUInt16LE(12, z.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 10);
  return z;
})());
add('record_short.pt', 'a storage record smaller than its storage', archive(goodPickle, { 0: floats6.subarray(0, 8) }).buf);
add('record_long.pt', 'a storage record far larger than its storage', archive(goodPickle, { 0: Buffer.alloc(4096) }).buf);
add('record_missing.pt', 'a storage without its record', archive(goodPickle, {}).buf);
add('local_header_bad.pt', 'central entry pointing into data, not at a local header', (() => {
  const z = zip(rec({ headerOffset: 40 })).buf;
  return z;
})());

// 5. negative and overflowing strides, offsets, sizes, numels
const tensorCases = {
  stride_negative: { stride: [-1, 1] },
  stride_overflow: { stride: [2 ** 62, 1], size: [4, 1] },
  offset_negative: { offset: -5 },
  offset_huge: { offset: 2 ** 40 },
  offset_overflow: { offset: 2 ** 62 },
  size_negative: { size: [-2, 3] },
  size_overflow: { size: [2 ** 31, 2 ** 31, 4], stride: [1, 1, 1] },
  size_huge_dim: { size: [2 ** 40, 1], stride: [1, 1] },
  numel_negative: { numel: -6 },
  numel_huge: { numel: 2 ** 50 },
  numel_overflow: { numel: 2 ** 62 },
  size_stride_mismatch: { size: [2, 3], stride: [1] },
  dims_70: { size: new Array(70).fill(1), stride: new Array(70).fill(1) },
  out_of_bounds_last: { size: [2, 4], stride: [4, 1] },
  out_of_bounds_offset: { offset: 5, size: [2] , stride: [1] },
  out_of_bounds_stride: { size: [3], stride: [3] },
  numel_beyond_record: { numel: 600 },
  storage_key_traversal: { key: '../../../../etc/passwd' },
  storage_key_long: { key: 'k'.repeat(5000) },
  storage_type_unknown: { type: 'EvilStorage' },
  storage_type_quantized: { type: 'QInt8Storage' },
  location_weird: { location: 'xla:0' },
  location_cuda_absent: { location: 'cuda:99' },
};
for (const [name, t] of Object.entries(tensorCases)) {
  add(`tensor_${name}.pt`, `tensor geometry: ${JSON.stringify(t).slice(0, 80)}`, archive(pk(P.proto(), dictOf(P.str('w'), tensor(t)), P.stop()), { 0: floats6 }).buf);
}
const pidCases = {
  pid_not_tuple: P.int(3),
  pid_module: P.tupleOf(P.str('module'), P.global('torch', 'FloatStorage'), P.str('x'), P.str('y')),
  pid_wrong_tag: P.tupleOf(P.str('evil'), P.global('torch', 'FloatStorage'), P.str('0'), P.str('cpu'), P.int(6)),
  pid_short: P.tupleOf(P.str('storage'), P.global('torch', 'FloatStorage')),
  pid_numel_str: P.tupleOf(P.str('storage'), P.global('torch', 'FloatStorage'), P.str('0'), P.str('cpu'), P.str('6')),
  pid_type_not_storage: P.tupleOf(P.str('storage'), P.global('collections', 'OrderedDict'), P.str('0'), P.str('cpu'), P.int(6)),
};
for (const [name, pid] of Object.entries(pidCases)) add(`${name}.pt`, `persistent id abuse: ${name}`, archive(pk(P.proto(), dictOf(P.str('w'), tensor({ pid })), P.stop())).buf);

// 7. self-referencing and deeply nested pickles
add('self_list.pt', 'a list that contains itself', archive(pk(P.proto(), P.emptyList(), P.binput(0), P.binget(0), P.append(), P.stop())).buf);
add('self_dict.pt', 'a dict that contains itself', archive(pk(P.proto(), P.emptyDict(), P.binput(0), P.str('me'), P.binget(0), P.setitem(), P.stop())).buf);
add('self_mutual.pt', 'two lists that contain each other', archive(pk(P.proto(), P.emptyList(), P.binput(0), P.emptyList(), P.binput(1), P.binget(0), P.append(), P.append(), P.binget(1), P.stop())).buf);
add('nest_lists_200k.pt', '200k nested lists', archive(pk(P.proto(), Buffer.alloc(200000, 0x5d), Buffer.alloc(199999, 0x61), P.stop())).buf);
add('nest_marks_200k.pt', '200k nested MARKs', archive(pk(P.proto(), Buffer.alloc(200000, 0x28), P.stop())).buf);
add('nest_tuples_100k.pt', '100k nested 1-tuples', archive(pk(P.proto(), P.none(), Buffer.alloc(100000, 0x85), P.stop())).buf);
add('nest_dicts_50k.pt', '50k nested dicts', archive(pk(P.proto(), ...Array.from({ length: 50000 }, () => pk(P.emptyDict(), P.str('k'))), P.none(), Buffer.alloc(50000, 0x73), P.stop())).buf);
add('dag_exponential.pt', 'a DAG with 2^60 paths (shared sublists): valid, must load in linear time', archive(pk(P.proto(), P.emptyList(), ...Array.from({ length: 60 }, (_, i) => pk(P.binput(i % 250), P.emptyList(), P.binget(i % 250), P.append(), P.binget(i % 250), P.append())), P.stop())).buf);

// 8. GLOBALs outside the allow-list (code execution attempts)
const evil = [
  ['os', 'system'], ['posix', 'system'], ['nt', 'system'], ['builtins', 'eval'], ['builtins', 'exec'], ['__builtin__', 'eval'],
  ['builtins', 'getattr'], ['builtins', '__import__'], ['builtins', 'open'], ['builtins', 'compile'], ['subprocess', 'Popen'],
  ['subprocess', 'check_output'], ['sys', 'modules'], ['pickle', 'loads'], ['torch', 'load'], ['torch.serialization', 'load'],
  ['torch._C', '_nn'], ['numpy.core.multiarray', '_reconstruct'], ['numpy', 'ndarray'], ['functools', 'partial'],
  ['collections', 'namedtuple'], ['torch.nn', 'Module'], ['__main__', 'Evil'], ['webbrowser', 'open'], ['shutil', 'rmtree'],
  ['socket', 'socket'], ['ctypes', 'CDLL'], ['torch', 'Tensor.__setstate__'], ['torch._utils', '_rebuild_qtensor'],
  ['torch._utils', '_rebuild_sparse_tensor'], ['torch', 'float8_e4m3fn'], ['torch._utils', '_import_dotted_name'],
  ['copy_reg', '_reconstructor'], ['builtins', 'object'], ['builtins', 'type'], ['torch.storage', '_load_from_bytes'],
];
for (const [m, n] of evil) {
  const call = pk(P.proto(), P.global(m, n), P.tupleOf(P.str(`touch ${PWNED}`)), P.reduce(), P.stop());
  add(`global_${m.replace(/\W/g, '_')}_${n.replace(/\W/g, '_')}.pt`, `GLOBAL ${m}.${n} called`, archive(call).buf);
}
{
  // protocol 4 STACK_GLOBAL
  const sg = pk(P.proto(4), P.str('os'), P.str('system'), op(0x93), P.tupleOf(P.str(`touch ${PWNED}`)), P.reduce(), P.stop());
  add('stack_global_os_system.pt', 'STACK_GLOBAL os.system', archive(sg).buf);
  add('global_in_legacy.pt', 'a legacy-format file calling os.system', pk(P.proto(), P.int(0), P.stop(), P.proto(), P.global('os', 'system'), P.tupleOf(P.str(`touch ${PWNED}`)), P.reduce(), P.stop()));
}

// 9. REDUCE/BUILD/INST/OBJ/NEWOBJ abuse
const abuse = {
  reduce_on_dict: pk(P.proto(), P.emptyDict(), P.emptyTuple(), P.reduce(), P.stop()),
  reduce_on_int: pk(P.proto(), P.int(3), P.emptyTuple(), P.reduce(), P.stop()),
  reduce_args_not_tuple: pk(P.proto(), P.global('collections', 'OrderedDict'), P.int(3), P.reduce(), P.stop()),
  reduce_ordereddict_bad: pk(P.proto(), P.global('collections', 'OrderedDict'), P.tupleOf(P.int(3)), P.reduce(), P.stop()),
  reduce_size_bad: pk(P.proto(), P.global('torch', 'Size'), P.tupleOf(P.str('x')), P.reduce(), P.stop()),
  reduce_device_bad: pk(P.proto(), P.global('torch', 'device'), P.tupleOf(P.int(5)), P.reduce(), P.stop()),
  reduce_device_unknown: pk(P.proto(), P.global('torch', 'device'), P.tupleOf(P.str('evil:0')), P.reduce(), P.stop()),
  reduce_rebuild_no_storage: pk(P.proto(), P.global('torch._utils', '_rebuild_tensor_v2'), P.tupleOf(P.int(1), P.int(0), P.tupleOf(), P.tupleOf(), P.f(), P.none()), P.reduce(), P.stop()),
  reduce_rebuild_few_args: pk(P.proto(), P.global('torch._utils', '_rebuild_tensor_v2'), P.tupleOf(P.int(1)), P.reduce(), P.stop()),
  reduce_storage_class: pk(P.proto(), P.global('torch', 'FloatStorage'), P.tupleOf(P.int(10)), P.reduce(), P.stop()),
  reduce_codecs_bad_encoding: pk(P.proto(), P.global('_codecs', 'encode'), P.tupleOf(P.str('x'), P.str('rot13')), P.reduce(), P.stop()),
  reduce_from_type_evil: pk(P.proto(), P.global('torch._tensor', '_rebuild_from_type_v2'), P.tupleOf(P.global('collections', 'OrderedDict'), P.global('collections', 'Counter'), P.emptyTuple(), P.emptyDict()), P.reduce(), P.stop()),
  reduce_metadata_bad: pk(P.proto(), P.global('torch._utils', '_rebuild_tensor_v2'), P.mark(), P.tupleOf(P.str('storage'), P.global('torch', 'FloatStorage'), P.str('0'), P.str('cpu'), P.int(6)), P.persid(), P.int(0), P.tupleOf(P.int(6)), P.tupleOf(P.int(1)), P.f(), P.none(), dictOf(P.str('evil'), P.t()), P.tuple(), P.reduce(), P.stop()),
  build_on_list: pk(P.proto(), P.emptyList(), P.emptyDict(), P.build(), P.stop()),
  build_on_dict: pk(P.proto(), P.emptyDict(), P.emptyDict(), P.build(), P.stop()),
  build_ordereddict_bad_state: pk(P.proto(), P.global('collections', 'OrderedDict'), P.emptyTuple(), P.reduce(), P.int(4), P.build(), P.stop()),
  build_on_tensor: pk(P.proto(), tensor(), P.tupleOf(P.int(1)), P.build(), P.stop()),
  inst_os_system: pk(P.proto(), P.mark(), P.str(`touch ${PWNED}`), Buffer.from(`ios\nsystem\n`), P.stop()),
  obj_opcode: pk(P.proto(), P.mark(), P.global('os', 'system'), P.str(`touch ${PWNED}`), op(0x6f), P.stop()),
  obj_opcode_allowed_class: pk(P.proto(), P.mark(), P.global('collections', 'OrderedDict'), op(0x6f), P.stop()),
  newobj_evil: pk(P.proto(), P.global('subprocess', 'Popen'), P.tupleOf(P.str('ls')), op(0x81), P.stop()),
  newobj_rebuild: pk(P.proto(), P.global('torch._utils', '_rebuild_tensor_v2'), P.emptyTuple(), op(0x81), P.stop()),
  newobj_ex: pk(P.proto(4), P.global('collections', 'OrderedDict'), P.emptyTuple(), P.emptyDict(), op(0x92), P.stop()),
  ext1: pk(P.proto(), op(0x82, 1), P.stop()),
  ext4: pk(P.proto(), op(0x84, 1, 0, 0, 0), P.stop()),
  next_buffer: pk(P.proto(5), op(0x97), P.stop()),
  persid_text: pk(P.proto(), Buffer.from('Pevil\n'), P.stop()),
  append_to_dict: pk(P.proto(), P.emptyDict(), P.int(1), P.append(), P.stop()),
  setitem_on_list: pk(P.proto(), P.emptyList(), P.int(1), P.int(2), P.setitem(), P.stop()),
  setitems_odd: pk(P.proto(), P.emptyDict(), P.mark(), P.int(1), P.setitems(), P.stop()),
  unhashable_key: pk(P.proto(), P.emptyDict(), P.emptyList(), P.int(1), P.setitem(), P.stop()),
  stack_underflow: pk(P.proto(), P.tuple2(), P.stop()),
  stop_empty: pk(P.proto(), P.stop()),
  no_stop: pk(P.proto(), P.int(1)),
  unknown_opcode: pk(P.proto(), op(0xff), P.stop()),
  proto_6: pk(op(0x80, 6), P.int(1), P.stop()),
  tuple_without_mark: pk(P.proto(), P.int(1), P.tuple(), P.stop()),
  pop_mark_empty: pk(P.proto(), op(0x31), P.stop()),
  long4_huge: pk(P.proto(), op(0x8b, 0xff, 0xff, 0xff, 0x7f), P.stop()),
  long4_negative: pk(P.proto(), op(0x8b, 0xff, 0xff, 0xff, 0xff), P.stop()),
  long_big_1mb: pk(P.proto(), op(0x8b, 0, 0, 0x10, 0), Buffer.alloc(1 << 20, 0x7f), P.stop()),
  binunicode_beyond: pk(P.proto(), op(0x58, 0xff, 0xff, 0xff, 0x7f), Buffer.from('abc'), P.stop()),
  binbytes8_beyond: pk(P.proto(4), op(0x8e, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f), P.stop()),
  text_int_huge: pk(P.proto(), Buffer.from(`I${'9'.repeat(100000)}\n`), P.stop()),
  text_float_bad: pk(P.proto(), Buffer.from('Fnot-a-float\n'), P.stop()),
  global_no_newline: pk(P.proto(), Buffer.from('cos'), P.stop()),
  unicode_escape_bad: pk(P.proto(), Buffer.from('V\\U99999999\n'), P.stop()),
  bytes_as_value_global: pk(P.proto(), P.global('collections', 'OrderedDict'), P.stop()),
};
// 10. memo abuse
Object.assign(abuse, {
  memo_get_undefined: pk(P.proto(), P.binget(7), P.stop()),
  memo_long_get_huge: pk(P.proto(), op(0x6a, 0xff, 0xff, 0xff, 0xff), P.stop()),
  memo_long_put_huge: pk(P.proto(), P.int(1), op(0x72, 0xff, 0xff, 0xff, 0xff), P.stop()),
  memo_put_empty_stack: pk(P.proto(), P.binput(0), P.stop()),
  memo_text_put_bad: pk(P.proto(), P.int(1), Buffer.from('pabc\n'), P.stop()),
  memo_text_get_negative: pk(P.proto(), P.int(1), Buffer.from('p1\n'), Buffer.from('g-1\n'), P.stop()),
  memo_memoize_empty: pk(P.proto(4), op(0x94), P.stop()),
  memo_get_before_put: pk(P.proto(), P.emptyList(), P.binget(0), P.append(), P.binput(0), P.stop()),
});
for (const [name, p] of Object.entries(abuse)) add(`pickle_${name}.pt`, `pickle: ${name}`, archive(p).buf);

// 11. zip bombs
{
  const bomb = zlib.deflateRawSync(Buffer.alloc(20 << 20));
  add('bomb_pickle_lies.pt', 'deflated data.pkl declaring 4 GB', zip([{ name: 'archive/data.pkl', data: goodPickle, deflate: true, size: 0xffffff00 }]).buf);
  const z = zip([{ name: 'archive/data.pkl', data: Buffer.alloc(20 << 20), deflate: true }]).buf;
  add('bomb_20mb_zeros.pt', 'a 20 MB deflated pickle of zeros (an invalid pickle)', z);
  void bomb;
  add('bomb_ratio_lie.pt', 'a small deflate stream declaring 2 GB', zip([{ name: 'archive/data.pkl', data: Buffer.from('x'), deflate: true, size: 0x7fffffff }]).buf);
  add('bomb_storage.pt', 'a deflated storage declaring more than it inflates to', zip([{ name: 'archive/data.pkl', data: goodPickle }, { name: 'archive/data/0', data: floats6, deflate: true, size: 1 << 30 }]).buf);
  add('bomb_deflate_garbage.pt', 'a deflated record of garbage', (() => {
    const r = zip([{ name: 'archive/data.pkl', data: goodPickle, deflate: true }]).buf;
    const at = r.indexOf(Buffer.from('archive/data.pkl')) + 16;
    for (let i = 0; i < 20; i++) r[at + i] = ri(256);
    return r;
  })());
  // overlapping records: many central entries naming the same local data (the "non-recursive" zip bomb)
  const ov = [{ name: 'archive/data.pkl', data: goodPickle }];
  for (let i = 0; i < 300; i++) ov.push({ name: `archive/data/${i}`, data: floats6, headerOffset: 0 });
  add('bomb_overlap.pt', '300 records overlapping one local header', zip(ov).buf);
}

// 12. legacy-format abuse
const legacyHead = (magic = 0x1950a86a20f9469cfc6cn, version = 1001) => pk(P.proto(), P.int(magic), P.stop(), P.proto(), P.int(version), P.stop(), P.proto(), dictOf(P.str('little_endian'), P.t()), P.stop());
const legacyObj = pk(P.proto(), P.global('torch._utils', '_rebuild_tensor_v2'), P.mark(), P.tupleOf(P.str('storage'), P.global('torch', 'FloatStorage'), P.str('1'), P.str('cpu'), P.int(6), P.none()), P.persid(), P.int(0), P.tupleOf(P.int(6)), P.tupleOf(P.int(1)), P.f(), P.global('collections', 'OrderedDict'), P.emptyTuple(), P.reduce(), P.tuple(), P.reduce(), P.stop());
const legacyKeys = pk(P.proto(), P.emptyList(), P.str('1'), P.append(), P.stop());
const numel = (n) => { const b = Buffer.alloc(8); b.writeBigInt64LE(BigInt(n)); return b; };
add('legacy_bad_magic.pt', 'legacy: wrong magic number', pk(legacyHead(12345n), legacyObj, legacyKeys, numel(6), floats6));
add('legacy_bad_version.pt', 'legacy: wrong protocol version', pk(legacyHead(undefined, 999), legacyObj, legacyKeys, numel(6), floats6));
add('legacy_truncated_data.pt', 'legacy: storage data cut short', pk(legacyHead(), legacyObj, legacyKeys, numel(6), floats6.subarray(0, 10)));
add('legacy_wrong_numel.pt', 'legacy: storage numel differs', pk(legacyHead(), legacyObj, legacyKeys, numel(600), floats6));
add('legacy_missing_keys.pt', 'legacy: no storage key list', pk(legacyHead(), legacyObj));
add('legacy_unknown_key.pt', 'legacy: key list names an unknown storage', pk(legacyHead(), legacyObj, pk(P.proto(), P.emptyList(), P.str('9'), P.append(), P.stop()), numel(6), floats6));
add('legacy_tar.pt', 'the legacy .tar format', (() => { const b = Buffer.alloc(1024); b.write('ustar', 257); return b; })());
add('not_a_checkpoint.pt', 'a text file', Buffer.from('hello, this is not a checkpoint\n'));
add('torchscript_like.pt', 'a TorchScript-like archive (constants.pkl)', zip([{ name: 'archive/data.pkl', data: goodPickle }, { name: 'archive/constants.pkl', data: pk(P.proto(), P.emptyTuple(), P.stop()) }]).buf);

// 13. safetensors headers
const st = (header, data = Buffer.alloc(0), declared) => {
  const h = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(declared ?? h.length));
  return pk(len, h, data);
};
const f32 = (shape, off) => ({ dtype: 'F32', shape, data_offsets: off });
const stCases = {
  empty: Buffer.alloc(0),
  seven_bytes: Buffer.alloc(7),
  header_huge: st('{}', Buffer.alloc(0), 200_000_000),
  header_beyond_file: st('{}', Buffer.alloc(0), 5000),
  header_u64_max: (() => { const b = Buffer.alloc(16, 0xff); return b; })(),
  not_utf8: st(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('latin1')),
  not_json: st('{"a": '),
  json_array: st('[1, 2]'),
  json_number: st('42'),
  leading_space: st(' {}'),
  dtype_unknown: st({ a: { dtype: 'F128', shape: [1], data_offsets: [0, 16] } }, Buffer.alloc(16)),
  dtype_f8: st({ a: { dtype: 'F8_E4M3', shape: [1], data_offsets: [0, 1] } }, Buffer.alloc(1)),
  dtype_missing: st({ a: { shape: [1], data_offsets: [0, 4] } }, Buffer.alloc(4)),
  shape_negative: st({ a: f32([-1], [0, 4]) }, Buffer.alloc(4)),
  shape_float: st({ a: f32([1.5], [0, 4]) }, Buffer.alloc(4)),
  shape_overflow: st({ a: f32([2 ** 40, 2 ** 40], [0, 4]) }, Buffer.alloc(4)),
  shape_not_list: st({ a: f32('4', [0, 16]) }, Buffer.alloc(16)),
  offsets_reversed: st({ a: f32([1], [4, 0]) }, Buffer.alloc(4)),
  offsets_overlap: st({ a: f32([2], [0, 8]), b: f32([2], [4, 12]) }, Buffer.alloc(12)),
  offsets_gap: st({ a: f32([1], [0, 4]), b: f32([1], [8, 12]) }, Buffer.alloc(12)),
  offsets_beyond: st({ a: f32([4], [0, 16]) }, Buffer.alloc(8)),
  offsets_short_data_extra: st({ a: f32([1], [0, 4]) }, Buffer.alloc(64)),
  numel_mismatch: st({ a: f32([3], [0, 8]) }, Buffer.alloc(8)),
  offsets_negative: st({ a: f32([1], [-4, 0]) }, Buffer.alloc(4)),
  offsets_huge: st({ a: f32([1], [2 ** 60, 2 ** 60 + 4]) }, Buffer.alloc(4)),
  metadata_nested: st({ __metadata__: { a: { b: 1 } } }),
  metadata_number: st({ __metadata__: { a: 1 } }),
  entry_not_object: st({ a: 5 }),
  entry_extra_field: st({ a: { ...f32([1], [0, 4]), evil: 1 } }, Buffer.alloc(4)),
  proto_key_valid: st('{"__proto__": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}', Buffer.alloc(4)),
  dims_100: st({ a: f32(new Array(100).fill(1), [0, 4]) }, Buffer.alloc(4)),
  deep_json: st('{"__metadata__": ' + '['.repeat(100000) + ']'.repeat(100000) + '}'),
};
for (const [name, b] of Object.entries(stCases)) add(`st_${name}.safetensors`, `safetensors: ${name}`, b);

fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify({ pwned: PWNED, files: index }, null, 1));
console.log(`hostile corpus: ${Object.keys(index).length} files in ${dir}`);
