// Printing: PyTorch's repr of a tensor, exactly (a port of torch/_tensor_str.py), and torch.set_printoptions.
// Floats are formatted from their exact binary value with round-half-even, as Python's format() does.
import { native } from '../native/binding';
import { bool, float64, get_default_dtype, int64, complex64, complex128, type dtype } from '../dtype';
import { Tensor } from './tensor';
import { tidy } from './scope';
import * as F from '../generated/torch_functions';

export interface PrintOptions {
  precision: number;
  threshold: number;
  edgeitems: number;
  linewidth: number;
  sci_mode: boolean | null;
}

const PRINT_OPTS: PrintOptions = { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80, sci_mode: null };

/** torch.set_printoptions({precision, threshold, edgeitems, linewidth, profile, sci_mode}) */
export function set_printoptions(
  options: Partial<PrintOptions> & { profile?: 'default' | 'short' | 'full' | null } = {},
): void {
  const { profile, precision, threshold, edgeitems, linewidth, sci_mode } = options;
  const int = (v: unknown, name: string) => {
    if (typeof v !== 'number' || !(Number.isInteger(v) || v === Infinity) || v < 0) {
      throw new TypeError(`set_printoptions(): ${name} must be a non-negative integer, got ${String(v)}`);
    }
    return v;
  };
  if (profile != null) {
    const p = { default: [4, 1000, 3], short: [2, 1000, 2], full: [4, Infinity, 3] }[profile];
    if (!p) throw new TypeError(`set_printoptions(): unknown profile '${profile}' (default, short or full)`);
    [PRINT_OPTS.precision, PRINT_OPTS.threshold, PRINT_OPTS.edgeitems] = p;
    PRINT_OPTS.linewidth = 80;
  }
  if (precision != null) PRINT_OPTS.precision = int(precision, 'precision');
  if (threshold != null) PRINT_OPTS.threshold = int(threshold, 'threshold');
  if (edgeitems != null) PRINT_OPTS.edgeitems = int(edgeitems, 'edgeitems');
  if (linewidth != null) PRINT_OPTS.linewidth = int(linewidth, 'linewidth');
  if (sci_mode !== undefined && sci_mode !== null && typeof sci_mode !== 'boolean') {
    throw new TypeError('set_printoptions(): sci_mode must be a boolean or null');
  }
  PRINT_OPTS.sci_mode = sci_mode ?? null;
}

export function get_printoptions(): PrintOptions {
  return { ...PRINT_OPTS };
}

// ---- exact float formatting (Python's '{:.Nf}' and '{:.Ne}') ----------------------------------------------------
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** |x| = m * 2^e exactly, for finite x. */
function decompose(x: number): [bigint, number] {
  f64[0] = x;
  const hi = u32[1];
  const lo = u32[0];
  const exp = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (exp === 0) return [m, -1074];
  m |= 1n << 52n;
  return [m, exp - 1075];
}

const pow10 = (k: number) => 10n ** BigInt(k);

/** round(m * 2^e * 10^k) to an integer, half to even */
function scaledRound(m: bigint, e: number, k: number): bigint {
  let num = m;
  let den = 1n;
  if (e >= 0) num <<= BigInt(e);
  else den <<= BigInt(-e);
  if (k >= 0) num *= pow10(k);
  else den *= pow10(-k);
  let q = num / den;
  const r2 = (num % den) * 2n;
  if (r2 > den || (r2 === den && (q & 1n) === 1n)) q += 1n;
  return q;
}

function signOf(x: number): string {
  return x < 0 || Object.is(x, -0) ? '-' : '';
}

function formatFixed(x: number, precision: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const [m, e] = decompose(x);
  let digits = scaledRound(m, e, precision).toString();
  if (precision > 0) {
    digits = digits.padStart(precision + 1, '0');
    digits = `${digits.slice(0, -precision)}.${digits.slice(-precision)}`;
  }
  return signOf(x) + digits;
}

function formatExp(x: number, precision: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  let mant: string;
  let d = 0;
  if (x === 0) {
    mant = '0'.repeat(precision + 1);
  } else {
    const [m, e] = decompose(x);
    d = Math.floor(Math.log10(Math.abs(x)));
    let q = scaledRound(m, e, precision - d);
    const lo = pow10(precision);
    const hi = pow10(precision + 1);
    for (let guard = 0; guard < 4 && (q < lo || q >= hi); guard++) {
      d += q >= hi ? 1 : -1;
      q = scaledRound(m, e, precision - d);
    }
    mant = q.toString();
  }
  const body = precision > 0 ? `${mant[0]}.${mant.slice(1)}` : mant;
  const ed = Math.abs(d).toString().padStart(2, '0');
  return `${signOf(x)}${body}e${d < 0 ? '-' : '+'}${ed}`;
}

// ---- the formatter ----------------------------------------------------------------------------------------------
/** Element values of a tensor as JS values: doubles for floating types, exact decimal strings otherwise. */
function floatValues(t: Tensor): Float64Array {
  return tidy(() => native.copyData(t.to(float64)._h) as Float64Array);
}
function otherValues(t: Tensor): string[] {
  const data = native.copyData(t._h);
  const out: string[] = new Array(data.length);
  if (t.dtype === bool) for (let i = 0; i < data.length; i++) out[i] = data[i] ? 'True' : 'False';
  else for (let i = 0; i < data.length; i++) out[i] = String(data[i]);
  return out;
}

class Formatter {
  readonly floating: boolean;
  intMode = true;
  sciMode = false;
  maxWidth = 1;

  constructor(t: Tensor) {
    this.floating = t.dtype.is_floating_point;
    if (!this.floating) {
      for (const s of otherValues(t)) this.maxWidth = Math.max(this.maxWidth, s.length);
      return;
    }
    const vals = floatValues(t).filter((v) => Number.isFinite(v) && v !== 0);
    if (vals.length === 0) return;
    let min = Infinity;
    let max = 0;
    for (const v of vals) {
      const a = Math.abs(v);
      if (a < min) min = a;
      if (a > max) max = a;
      if (v !== Math.ceil(v)) this.intMode = false;
    }
    this.sciMode = PRINT_OPTS.sci_mode ?? (max / min > 1000.0 || max > 1.0e8 || min < 1.0e-4);
    const p = PRINT_OPTS.precision;
    for (const v of vals) {
      let w: number;
      if (this.sciMode) w = formatExp(v, p).length;
      else if (this.intMode) w = formatFixed(v, 0).length + 1;
      else w = formatFixed(v, p).length;
      this.maxWidth = Math.max(this.maxWidth, w);
    }
  }

  width(): number {
    return this.maxWidth;
  }

  format(value: number | string): string {
    let ret: string;
    if (this.floating) {
      const v = value as number;
      if (this.sciMode) ret = formatExp(v, PRINT_OPTS.precision);
      else if (this.intMode) {
        ret = formatFixed(v, 0);
        if (Number.isFinite(v)) ret += '.';
      } else ret = formatFixed(v, PRINT_OPTS.precision);
    } else {
      ret = value as string;
    }
    return ' '.repeat(Math.max(0, this.maxWidth - ret.length)) + ret;
  }
}

type Formatters = [Formatter, Formatter?];

function values(t: Tensor, f: Formatter): (number | string)[] {
  return f.floating ? Array.from(floatValues(t)) : otherValues(t);
}

function valueStrings(t: Tensor, fs: Formatters): string[] {
  const [f1, f2] = fs;
  if (f2 === undefined) return values(t, f1).map((v) => f1.format(v));
  const re = values(F.real(t), f1);
  const im = values(F.imag(t), f2);
  return re.map((r, i) => {
    const realStr = f1.format(r);
    const imagStr = (f2.format(im[i]) + 'j').trimStart();
    return imagStr[0] === '+' || imagStr[0] === '-' ? realStr + imagStr : `${realStr}+${imagStr}`;
  });
}

function vectorStr(t: Tensor, indent: number, summarize: boolean, fs: Formatters): string {
  let elementLength = fs[0].width() + 2;
  if (fs[1] !== undefined) elementLength += fs[1].width() + 1;
  const perLine = Math.max(1, Math.floor((PRINT_OPTS.linewidth - indent) / elementLength));
  const edge = PRINT_OPTS.edgeitems;
  const n = t.size(0);
  let data: string[];
  if (summarize && !edge) data = ['...'];
  else if (summarize && n > 2 * edge) {
    data = [...valueStrings(t.narrow(0, 0, edge), fs), ' ...', ...valueStrings(t.narrow(0, n - edge, edge), fs)];
  } else data = valueStrings(t, fs);
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(', '));
  return '[' + lines.join(',\n' + ' '.repeat(indent + 1)) + ']';
}

function tensorStrWithFormatter(t: Tensor, indent: number, summarize: boolean, fs: Formatters): string {
  const dim = t.dim();
  if (dim === 0) return valueStrings(t, fs)[0];
  if (dim === 1) return vectorStr(t, indent, summarize, fs);
  const n = t.size(0);
  const edge = PRINT_OPTS.edgeitems;
  const sub = (i: number) => tensorStrWithFormatter(t.select(0, i), indent + 1, summarize, fs);
  let slices: string[];
  if (summarize && n > 2 * edge) {
    slices = [];
    for (let i = 0; i < edge; i++) slices.push(sub(i));
    slices.push('...');
    for (let i = n - edge; i < n; i++) slices.push(sub(i));
  } else {
    slices = [];
    for (let i = 0; i < n; i++) slices.push(sub(i));
  }
  return '[' + slices.join(',' + '\n'.repeat(dim - 1) + ' '.repeat(indent + 1)) + ']';
}

function summarizedData(t: Tensor): Tensor {
  const dim = t.dim();
  const edge = PRINT_OPTS.edgeitems;
  if (dim === 0) return t;
  const n = t.size(0);
  if (dim === 1) return n > 2 * edge ? F.cat([t.narrow(0, 0, edge), t.narrow(0, n - edge, edge)]) : t;
  if (!edge) return t.new_empty(new Array(dim).fill(0));
  const idx: number[] = [];
  if (n > 2 * edge) {
    for (let i = 0; i < edge; i++) idx.push(i);
    for (let i = n - edge; i < n; i++) idx.push(i);
  } else for (let i = 0; i < n; i++) idx.push(i);
  return F.stack(idx.map((i) => summarizedData(t.select(0, i))));
}

function tensorStr(t: Tensor, indent: number): string {
  if (t.numel() === 0) return '[]';
  const summarize = t.numel() > PRINT_OPTS.threshold;
  if (t.is_neg()) t = t.resolve_neg();
  if (t.dtype.is_complex) {
    t = t.resolve_conj();
    const re = F.real(t);
    const im = F.imag(t);
    const f1 = new Formatter(summarize ? summarizedData(re) : re);
    const f2 = new Formatter(summarize ? summarizedData(im) : im);
    return tensorStrWithFormatter(t, indent, summarize, [f1, f2]);
  }
  const f = new Formatter(summarize ? summarizedData(t) : t);
  return tensorStrWithFormatter(t, indent, summarize, [f]);
}

function addSuffixes(str: string, suffixes: string[], indent: number): string {
  const parts = [str];
  let lastLineLen = str.length - str.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    if (lastLineLen + suffix.length + 2 > PRINT_OPTS.linewidth) {
      parts.push(',\n' + ' '.repeat(indent) + suffix);
      lastLineLen = indent + suffix.length;
    } else {
      parts.push(', ' + suffix);
      lastLineLen += suffix.length + 2;
    }
  }
  parts.push(')');
  return parts.join('');
}

/** Python's str(tuple(shape)) */
function tupleStr(shape: number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

function isDefaultDtype(d: dtype): boolean {
  const def = get_default_dtype();
  const defComplex = def === float64 ? complex128 : complex64;
  return d === def || d === defComplex || d === int64 || d === bool;
}

/** repr(tensor), exactly as PyTorch prints it. */
export function tensorRepr(input: Tensor, prefix = 'tensor('): string {
  return tidy(() => {
    const indent = prefix.length;
    const suffixes: string[] = [];
    // Python prints the device whenever it is not the default (cpu) one, cuda:0 included
    const dev = input.device;
    if (dev.type !== 'cpu') suffixes.push(`device='${dev.toString()}'`);
    const self = input.detach();
    let body: string;
    if (self.is_meta) {
      suffixes.push('size=' + tupleStr(self.shape));
      if (self.dtype !== get_default_dtype()) suffixes.push('dtype=' + self.dtype.toString());
      body = '...';
    } else if (self.numel() === 0) {
      if (self.dim() !== 1) suffixes.push('size=' + tupleStr(self.shape));
      if (self.dtype !== get_default_dtype()) suffixes.push('dtype=' + self.dtype.toString());
      body = '[]';
    } else {
      if (!PRINT_OPTS.edgeitems) suffixes.push('size=' + tupleStr(self.shape));
      if (!isDefaultDtype(self.dtype)) suffixes.push('dtype=' + self.dtype.toString());
      const host = self.is_cpu ? self : self.cpu();
      body = tensorStr(host, indent);
    }
    const gradFn = input.grad_fn;
    if (gradFn !== null) suffixes.push(`grad_fn=<${gradFn.name().split('::').pop()}>`); // Python's class name
    else if (input.requires_grad) suffixes.push('requires_grad=True');
    return addSuffixes(prefix + body, suffixes, indent);
  });
}
