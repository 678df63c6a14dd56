// The OpInfo parity suite: PyTorch's own op database (op_db) run in torch-node, in two sets: every op outside
// nn.functional (opinfo.test.ts) and the torch.nn.functional ones (opinfo_nn.test.ts).
// test/parity/opinfo.py makes each op's CPU sample inputs (float64, float32, int64, bool) and error inputs in
// Python, live, with the result of each call; here every sample runs through the op's torch-node forms (function,
// method, aliases, in-place methods) on identical inputs, and must give the same values (within the dtype's tolerance, NaN equal to
// NaN), dtypes and shapes, or the same error type and message.
//
// Per op the suite counts samples passed / failed / missing (torch-node has no form of the op) / not runnable
// (an argument JavaScript cannot express, or too large to ship). An op fails its test when a sample that runs
// gives a different result or error, unless opinfo_known.ts documents that failure; missing ops never fail.
// The grand total is printed at the end; `node scripts/opinfo-coverage.js` writes it, op by op, to
// docs/opinfo-coverage.md (both sets).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import torch from '../../lib';
import { runPythonScript } from '../helpers/python';
import {
  INPLACE_LAMBDAS, LAMBDAS, METHOD_EQUIVALENTS, METHOD_LAMBDAS, Missing, NotRunnable, apply, method, resolve,
} from './opinfo_calls';
import { KNOWN_FAILURES } from './opinfo_known';

interface TensorDesc {
  dtype: string;
  shape: number[];
  stride?: number[];
  b?: string;
}
type Arg =
  | null
  | boolean
  | number
  | string
  | Arg[]
  | { t: TensorDesc }
  | { float: string }
  | { bigint: string }
  | { dtype: string }
  | { memory_format: string }
  | { layout: string }
  | { slice: [Arg, Arg, Arg] }
  | { ellipsis: true }
  | { index: Arg[] }
  | { pairwise_distance: { p: Arg; eps: Arg; keepdim: boolean } };
type Out =
  | null
  | boolean
  | number
  | string
  | { t: TensorDesc }
  | { seq: Out[] }
  | { complex: [number | { float: string }, number | { float: string }] }
  | { float: string }
  | { bigint: string }
  | { dtype: string };
interface Sample {
  i: number;
  dtype?: string;
  skip?: string;
  input?: Arg;
  args?: Arg[];
  kwargs?: Record<string, Arg>;
  out?: Out;
  error?: { type: string; message: string };
  /** what the op's other forms (by label) give where it differs: an error message names its form */
  forms?: Record<string, { out?: Out; error?: { type: string; message: string }; skip?: string }>;
}
interface OpData {
  key: string;
  name: string;
  variant: string;
  call: string | null;
  method: string | null;
  method_lambda: boolean;
  aliases: string[];
  alias_methods: string[];
  /** the in-place methods (add_, and the aliases' ones) */
  inplace: string[];
  /** (nn set) the OpInfo's in-place variant is a lambda: the function with inplace=True */
  inplace_lambda?: boolean;
  values: boolean;
  tol: Record<string, [number, number]>;
  samples: Sample[];
  errors: Sample[];
  sample_errors?: string[];
  /** the module of an op that is not a public torch function (torch._ops.aten, torch.cuda.jiterator) */
  where?: string;
}

/** What happened to one op's samples and error inputs. */
export interface OpTally {
  key: string;
  call: string;
  passed: number;
  failed: number;
  known: number;
  missing: number;
  skipped: number;
  errorsPassed: number;
  errorsFailed: number;
  errorsMissing: number;
  errorsSkipped: number;
  missingForms: string[];
  skipReasons: Record<string, number>;
  firstFailure?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Arguments: rebuilt from Python's description (opinfo.py, dec_tensor is the same rebuild in Python)
const rawBytes = new Map<string, Uint8Array>();
function bytesOf(b64: string): Uint8Array {
  let b = rawBytes.get(b64);
  if (b === undefined) {
    b = new Uint8Array(Buffer.from(b64, 'base64')); // a fresh, aligned copy
    if (b64.length > 64) rawBytes.set(b64, b);
  }
  return b;
}

function dtypeOf(name: string): torch.dtype {
  const d = (torch as unknown as Record<string, unknown>)[name];
  if (!(d instanceof torch.dtype)) throw new Error(`unknown dtype ${name}`);
  return d;
}

function inputTensor(d: TensorDesc): torch.Tensor {
  const dtype = dtypeOf(d.dtype);
  const flat = d.shape.includes(0) || !d.b ? torch.empty(0, { dtype }) : torch.frombuffer(bytesOf(d.b), { dtype }).clone();
  return d.stride ? flat.as_strided(d.shape, d.stride, 0) : flat.reshape(d.shape);
}

function jsArg(a: Arg): unknown {
  if (a === null || typeof a !== 'object') return a;
  if (Array.isArray(a)) return a.map(jsArg);
  if ('t' in a) return inputTensor(a.t);
  if ('float' in a) return a.float === 'nan' ? NaN : a.float === 'inf' ? Infinity : -Infinity;
  if ('bigint' in a) return BigInt(a.bigint);
  if ('dtype' in a) return dtypeOf(a.dtype);
  if ('slice' in a) return torch.slice(...(a.slice.map(jsArg) as [number | null, number | null, number | null]));
  if ('ellipsis' in a) return torch.Ellipsis;
  if ('index' in a) return a.index.map(jsArg); // x[index] is x.at(...index)
  if ('pairwise_distance' in a) {
    // torch.nn.PairwiseDistance(p, eps, keepdim) as a distance_function: the call it makes, as a closure
    const { p, eps, keepdim } = a.pairwise_distance;
    const fn = resolve('torch.nn.functional.pairwise_distance');
    return (x1: unknown, x2: unknown) => fn(x1, x2, jsArg(p), jsArg(eps), keepdim);
  }
  const name = 'memory_format' in a ? a.memory_format : a.layout;
  const named = (torch as unknown as Record<string, unknown>)[name];
  if (named === undefined) throw new NotRunnable(`torch.${name} (sparse layouts are not supported)`);
  return named;
}

// ---------------------------------------------------------------------------------------------------------------
// Results
const DEFAULT_TOL: Record<string, [number, number]> = {
  // [rtol, atol], torch.testing.assert_close's defaults
  float64: [1e-7, 1e-7],
  complex128: [1e-7, 1e-7],
  float32: [1.3e-6, 1e-5],
  complex64: [1.3e-6, 1e-5],
  float16: [1e-3, 1e-5],
  complex32: [1e-3, 1e-5],
  bfloat16: [1.6e-2, 1e-5],
};

function tolerance(op: OpData, outDtype: string, sampleDtype: string | undefined): [number, number] {
  const base = DEFAULT_TOL[outDtype] ?? [0, 0];
  const own = (sampleDtype && op.tol[sampleDtype]) || (op.tol[outDtype] ?? [0, 0]);
  return [Math.max(base[0], own[0]), Math.max(base[1], own[1])];
}

function widened(t: torch.Tensor): Float64Array | BigInt64Array | Uint8Array {
  let w: torch.Tensor;
  if (t.is_complex()) w = torch.view_as_real(t.resolve_conj()).to(torch.float64);
  else if (t.is_floating_point()) w = t.to(torch.float64);
  else if (t.dtype === torch.bool) w = t.to(torch.uint8);
  else w = t.to(torch.int64);
  return w.contiguous().numpy() as Float64Array | BigInt64Array | Uint8Array;
}

function expectedValues(d: TensorDesc): Float64Array | BigInt64Array | Uint8Array {
  const b = d.b ? bytesOf(d.b) : new Uint8Array(0);
  if (d.dtype === 'bool') return b;
  if (d.dtype.startsWith('float') || d.dtype.startsWith('complex') || d.dtype === 'bfloat16') {
    return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8);
  }
  return new BigInt64Array(b.buffer, b.byteOffset, b.byteLength / 8);
}

const close = (a: number, b: number, [rtol, atol]: [number, number]): boolean =>
  Number.isNaN(b) ? Number.isNaN(a) : !Number.isFinite(b) ? a === b : Math.abs(a - b) <= atol + rtol * Math.abs(b);

const num = (v: number | { float: string }): number =>
  typeof v === 'number' ? v : v.float === 'nan' ? NaN : v.float === 'inf' ? Infinity : -Infinity;

/** Why a result differs from Python's, or null when it is the same. */
function mismatch(op: OpData, s: Sample, got: unknown, want: Out, path = 'result'): string | null {
  if (want === null) return got === null || got === undefined ? null : `${path}: expected None, got ${show(got)}`;
  if (typeof want !== 'object') {
    if (typeof want === 'number' && (typeof got === 'number' || typeof got === 'bigint')) {
      const tol = Number.isInteger(want) ? ([0, 0] as [number, number]) : tolerance(op, s.dtype ?? 'float64', s.dtype);
      return close(Number(got), want, tol) ? null : `${path}: expected ${want}, got ${got}`;
    }
    return got === want ? null : `${path}: expected ${JSON.stringify(want)}, got ${show(got)}`;
  }
  if ('seq' in want) {
    if (!Array.isArray(got)) return `${path}: expected a sequence of ${want.seq.length}, got ${show(got)}`;
    if (got.length !== want.seq.length) return `${path}: expected ${want.seq.length} items, got ${got.length}`;
    for (let k = 0; k < got.length; k++) {
      const m = mismatch(op, s, got[k], want.seq[k], `${path}[${k}]`);
      if (m) return m;
    }
    return null;
  }
  if ('float' in want) return close(Number(got), num(want), [0, 0]) ? null : `${path}: expected ${want.float}, got ${show(got)}`;
  if ('bigint' in want) return typeof got === 'bigint' || typeof got === 'number' ? (BigInt(got) === BigInt(want.bigint) ? null : `${path}: expected ${want.bigint}, got ${got}`) : `${path}: expected an int, got ${show(got)}`;
  if ('dtype' in want) return got instanceof torch.dtype && got.name === want.dtype ? null : `${path}: expected torch.${want.dtype}, got ${show(got)}`;
  if ('complex' in want) {
    const c = got as { real?: number; imag?: number };
    const tol = tolerance(op, s.dtype ?? 'float64', s.dtype);
    return typeof c === 'object' && c !== null && close(c.real as number, num(want.complex[0]), tol) && close(c.imag as number, num(want.complex[1]), tol)
      ? null
      : `${path}: expected complex(${want.complex.join(', ')}), got ${show(got)}`;
  }
  const d = want.t;
  if (!(got instanceof torch.Tensor)) return `${path}: expected a tensor, got ${show(got)}`;
  if (got.dtype.name !== d.dtype) return `${path}: dtype ${got.dtype.name}, expected ${d.dtype}`;
  if (got.shape.join() !== d.shape.join()) return `${path}: shape [${got.shape}], expected [${d.shape}]`;
  if (d.b === undefined) return null; // values unspecified (empty, resize_, ...)
  const a = widened(got);
  const b = expectedValues(d);
  if (a.length !== b.length) return `${path}: ${a.length} values, expected ${b.length}`;
  if (b instanceof Float64Array) {
    const tol = tolerance(op, d.dtype, s.dtype);
    for (let k = 0; k < b.length; k++) {
      if (!close((a as Float64Array)[k], b[k], tol)) return `${path}: value ${k} is ${a[k]}, expected ${b[k]} (rtol ${tol[0]}, atol ${tol[1]})`;
    }
  } else {
    for (let k = 0; k < b.length; k++) if (a[k] !== b[k]) return `${path}: value ${k} is ${a[k]}, expected ${b[k]}`;
  }
  return null;
}

function show(v: unknown): string {
  if (v instanceof torch.Tensor) return `a ${v.dtype.name} tensor of shape [${v.shape}]`;
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v.constructor?.name ?? 'an object';
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

// Python exception types and the JS errors torch-node throws for them.
const ERRORS: Record<string, (e: unknown) => boolean> = {
  RuntimeError: (e) => e instanceof torch.TorchError && e.constructor === torch.TorchError,
  IndexError: (e) => e instanceof torch.IndexError,
  ValueError: (e) => e instanceof torch.ValueError,
  NotImplementedError: (e) => e instanceof torch.NotImplementedError,
  _LinAlgError: (e) => e instanceof torch.LinAlgError,
  LinAlgError: (e) => e instanceof torch.LinAlgError,
  TypeError: (e) => e instanceof TypeError,
  OverflowError: (e) => e instanceof RangeError,
  AssertionError: (e) => e instanceof torch.AssertionError,
  ZeroDivisionError: (e) => e instanceof RangeError,
};

function errorMismatch(err: unknown, want: { type: string; message: string }): string | null {
  const name = err instanceof Error ? `${err.constructor.name}: ${err.message.split('\n')[0]}` : String(err);
  const sameType = ERRORS[want.type] ? ERRORS[want.type](err) : err instanceof Error;
  if (!sameType) return `expected ${want.type}: ${want.message}; got ${name}`;
  const msg = (err as Error).message.split('\n')[0];
  return msg === want.message ? null : `expected the message "${want.message}"; got ${name}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Running a sample through each torch-node form of the op
type Form = { label: string; run: (input: unknown, args: unknown[], kwargs: Record<string, unknown>) => unknown };

function forms(op: OpData): Form[] {
  const out: Form[] = [];
  if (op.call && METHOD_EQUIVALENTS[op.call]) {
    out.push({ label: `Tensor${op.call}`, run: METHOD_EQUIVALENTS[op.call] });
  } else if (op.call?.startsWith('.')) {
    const m = op.call.slice(1);
    out.push({ label: `Tensor.${m}`, run: (x, a, k) => apply(method(x, m), a, k) });
  } else if (op.call) {
    const path = op.call;
    out.push({ label: path, run: (x, a, k) => apply(resolve(path), [x, ...a], k) });
  } else if (LAMBDAS[op.key]) {
    out.push({ label: `the OpInfo lambda`, run: LAMBDAS[op.key] });
  } else {
    out.push({
      label: `${op.name} (${op.where}, not a public torch function)`,
      run: () => {
        throw new Missing(`${op.name} is not in Python's public torch namespace`);
      },
    });
  }
  if (op.method && op.call !== `.${op.method}`) {
    const m = op.method;
    out.push({ label: `Tensor.${m}`, run: (x, a, k) => apply(method(x, m), a, k) });
  } else if (op.method_lambda && METHOD_LAMBDAS[op.key]) {
    out.push({ label: `the OpInfo method lambda`, run: METHOD_LAMBDAS[op.key] });
  }
  for (const path of op.aliases) out.push({ label: path, run: (x, a, k) => apply(resolve(path), [x, ...a], k) });
  for (const m of [...op.alias_methods, ...op.inplace]) {
    out.push({ label: `Tensor.${m}`, run: (x, a, k) => apply(method(x, m), a, k) });
  }
  if (op.inplace_lambda) {
    const run = INPLACE_LAMBDAS[op.key];
    out.push({
      label: 'the OpInfo inplace lambda',
      run: run ?? (() => {
        throw new Missing(`no in-place form of ${op.key} in opinfo_calls.ts`);
      }),
    });
  }
  return out;
}

type Outcome = 'passed' | 'failed' | 'missing' | 'skipped';

/** Runs one form on fresh inputs: null when it matches Python, Missing, or why it differs. */
function runForm(op: OpData, sample: Sample, form: Form): string | null | Missing | NotRunnable {
  const own = sample.forms?.[form.label];
  if (own?.skip) return new NotRunnable(own.skip);
  const s: Sample = own ? { ...sample, out: own.out, error: own.error } : sample;
  return torch.tidy(() => {
    let input: unknown, args: unknown[], kwargs: Record<string, unknown>;
    try {
      input = jsArg(s.input as Arg);
      args = (s.args ?? []).map(jsArg);
      kwargs = Object.fromEntries(Object.entries(s.kwargs ?? {}).map(([k, v]) => [k, jsArg(v)]));
    } catch (e) {
      if (e instanceof NotRunnable) return e; // an argument torch-node has no value for (torch.sparse_coo)
      throw e;
    }
    let got: unknown;
    try {
      torch.manual_seed(CALL_SEED);
      got = form.run(input, args, kwargs);
    } catch (e) {
      if (e instanceof Missing || e instanceof NotRunnable) return e;
      if (s.error) return errorMismatch(e, s.error);
      return `threw ${e instanceof Error ? `${e.constructor.name}: ${e.message.split('\n')[0]}` : String(e)}`;
    }
    if (s.error) return `expected ${s.error.type}: ${s.error.message}; got ${show(got)}`;
    try {
      return mismatch(op, s, got, s.out as Out);
    } catch (e) {
      return `reading the result threw ${e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e)}`;
    }
  });
}
const CALL_SEED = 1234; // opinfo.py's CALL_SEED

function runSample(op: OpData, s: Sample, fs: Form[], missingForms: Set<string>): { outcome: Outcome; why?: string } {
  let ran = false;
  let skipped: string | undefined;
  let why: string | undefined;
  for (const f of fs) {
    const r = runForm(op, s, f);
    if (r instanceof Missing) {
      missingForms.add(f.label);
      continue;
    }
    if (r instanceof NotRunnable) {
      skipped ??= r.message;
      continue;
    }
    ran = true;
    if (r !== null && why === undefined) why = `${f.label}: ${r}`;
  }
  if (!ran) return skipped === undefined ? { outcome: 'missing' } : { outcome: 'skipped', why: skipped };
  return why === undefined ? { outcome: 'passed' } : { outcome: 'failed', why };
}

const sampleTitle = (s: Sample, kind: string) => `${kind} ${s.i}${s.dtype ? ` (${s.dtype})` : ''}`;

// ---------------------------------------------------------------------------------------------------------------
/** The suite of one set of op_db: "torch" (every op outside nn.functional) or "nn" (torch.nn.functional). */
export function opinfoSuite(set: 'torch' | 'nn'): void {
  // OPINFO_OPS=add,linalg.svd runs only those ops (while working on them)
  const only = process.env.OPINFO_OPS ? process.env.OPINFO_OPS.split(',') : null;
  const data = runPythonScript<{ torch: string; ops: OpData[] }>('parity/opinfo.py', {
    set,
    ops: only,
    jobs: Math.max(1, Math.min(os.cpus().length, 4)),
  });
  const tallies: OpTally[] = [];

  // One intra-op thread, as opinfo.py runs: reductions then sum in the same order on both sides.
  let threads = 0;
  beforeAll(() => {
    threads = torch.get_num_threads();
    torch.set_num_threads(1);
  });

  describe(set === 'nn' ? 'OpInfo parity with Python torch: torch.nn.functional' : 'OpInfo parity with Python torch', () => {
    test.each(data.ops.map((op) => [op.key, op] as const))('%s', (_key, op) => {
      const fs_ = forms(op);
      const missingForms = new Set<string>();
      const t: OpTally = {
        key: op.key, call: fs_[0].label, passed: 0, failed: 0, known: 0, missing: 0, skipped: 0, errorsPassed: 0,
        errorsFailed: 0, errorsMissing: 0, errorsSkipped: 0, missingForms: [], skipReasons: {},
      };
      const known = KNOWN_FAILURES[op.key];
      const failures: string[] = [];
      const knownSeen: string[] = [];
      const tally = (s: Sample, kind: 'sample' | 'error input') => {
        if (s.skip) {
          t.skipReasons[s.skip] = (t.skipReasons[s.skip] ?? 0) + 1;
          if (kind === 'sample') t.skipped++;
          else t.errorsSkipped++;
          return;
        }
        const r = runSample(op, s, fs_, missingForms);
        const title = sampleTitle(s, kind);
        if (r.outcome === 'skipped') {
          t.skipReasons[r.why!] = (t.skipReasons[r.why!] ?? 0) + 1;
          if (kind === 'sample') t.skipped++;
          else t.errorsSkipped++;
          return;
        }
        if (r.outcome === 'failed' && known !== undefined) {
          knownSeen.push(title);
          if (kind === 'sample') t.known++;
          else t.errorsFailed++;
          t.firstFailure ??= `${title}: ${r.why}`;
          return;
        }
        if (r.outcome === 'failed') failures.push(`${title}: ${r.why}`);
        if (kind === 'sample') t[r.outcome]++;
        else if (r.outcome === 'passed') t.errorsPassed++;
        else if (r.outcome === 'failed') t.errorsFailed++;
        else t.errorsMissing++;
        if (r.outcome === 'failed') t.firstFailure ??= `${title}: ${r.why}`;
      };
      for (const s of op.samples) tally(s, 'sample');
      for (const s of op.errors) tally(s, 'error input');
      t.missingForms = [...missingForms].sort();
      tallies.push(t);
      // PyTorch's own sample generator failed in Python (never at the pinned version): samples would go unseen
      expect(op.sample_errors ?? []).toEqual([]);
      expect(failures.slice(0, 10)).toEqual([]);
      if (known !== undefined) {
        // more failures than documented are a regression; none at all means the entry in opinfo_known.ts is stale
        expect({ op: op.key, failures: knownSeen.length > known.max ? knownSeen : knownSeen.length > 0 })
          .toEqual({ op: op.key, failures: true });
      }
    });
  });

  afterAll(() => {
    torch.set_num_threads(threads);
    const sum = (f: (t: OpTally) => number) => tallies.reduce((n, t) => n + f(t), 0);
    const withRuns = tallies.filter((t) => t.passed + t.failed + t.known + t.errorsPassed + t.errorsFailed > 0);
    const fully = withRuns.filter((t) => t.failed + t.known + t.missing + t.errorsFailed + t.errorsMissing === 0);
    const line =
      `OpInfo parity${set === 'nn' ? ', torch.nn.functional' : ''} (torch ${data.torch}): ${tallies.length} ops, ` +
      `${fully.length} fully passing; samples ` +
      `${sum((t) => t.passed)} passed, ${sum((t) => t.failed)} failed, ${sum((t) => t.known)} known failures, ` +
      `${sum((t) => t.missing)} missing, ${sum((t) => t.skipped)} not runnable; error inputs ` +
      `${sum((t) => t.errorsPassed)} passed, ${sum((t) => t.errorsFailed)} failed, ${sum((t) => t.errorsMissing)} missing, ` +
      `${sum((t) => t.errorsSkipped)} not runnable`;
    console.log(line);
    // OPINFO_REPORT_DIR: where scripts/opinfo-coverage.js reads each set's tallies (<set>.json)
    const dir = process.env.OPINFO_REPORT_DIR;
    if (dir) fs.writeFileSync(path.join(dir, `${set}.json`), JSON.stringify({ torch: data.torch, line, ops: tallies }, null, 1));
  });
}
