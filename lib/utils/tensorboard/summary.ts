// Summary protos, after torch/utils/tensorboard/summary.py (and _utils.py, _convert_np.py): scalars, tensors,
// histograms (numpy's histogram rules), images (PNG), text, hparams, PR curves and custom-scalar layouts. Each
// function returns a serialized `Summary` (or, for hparams, three of them).
import { Tensor } from '../../tensor/tensor';
import { tensor as makeTensor } from '../../tensor/create';
import { cat, stack, view_as_real, zeros } from '../../generated/torch_functions';
import * as D from '../../dtype';
import { AssertionError, IndexError, ValueError } from '../../errors';
import { floatRepr } from '../../nn/functional/_utils';
import { Proto, nz } from './proto';
import { encodePng } from './png';

/** What the writer accepts where PyTorch accepts a tensor or a numpy array: a Tensor, a number (or bigint,
 *  boolean), or a (nested) array or TypedArray of numbers. */
export type TensorLike = Tensor | number | bigint | boolean | ArrayLike<unknown>;

/** _convert_np.make_np: a CPU tensor, detached (bfloat16 becomes float16); a scalar is a 1-element array. */
export function make_np(x: TensorLike, what = 'value'): Tensor {
  if (x instanceof Tensor) {
    let t = x.detach();
    if (t.device.type === 'meta') return makeTensor([Math.random()], { dtype: D.float64 });
    if (t.dtype === D.bfloat16) t = t.to(D.float16);
    return t.cpu();
  }
  if (typeof x === 'number') return makeTensor([x], { dtype: Number.isInteger(x) ? D.int64 : D.float64 });
  if (typeof x === 'bigint') return makeTensor([x]);
  if (typeof x === 'boolean') return makeTensor([x]);
  if (x !== null && typeof x === 'object' && typeof (x as ArrayLike<unknown>).length === 'number') {
    return makeTensor(x as never);
  }
  throw new TypeError(`Got ${x === null ? 'NoneType' : typeof x} for ${what}, but a Tensor, a number or an array of numbers is expected.`);
}

/** A tensor's values as float64 numbers, flattened. */
export function float64Values(t: Tensor): Float64Array {
  return t.to(D.float64).contiguous().flatten().toTypedArray() as Float64Array;
}

// ---- the common parts ------------------------------------------------------------------------------------------

export function pluginMetadata(plugin_name: string, content?: Uint8Array): Proto {
  return new Proto().message(1, new Proto().bytes(1, nz(plugin_name)).bytes(2, content !== undefined && content.length > 0 ? content : undefined));
}

function tensorShape(dims: readonly number[]): Proto {
  return new Proto().repeated(2, dims, (d) => new Proto().int(1, nz(d)));
}

/** Summary.Value: tag 1, simple_value 2, image 4, histo 5, audio 6, tensor 8, metadata 9. */
interface ValueParts {
  tag: string;
  simple_value?: number;
  image?: Proto;
  histo?: Proto;
  audio?: Proto;
  tensor?: Proto;
  metadata?: Proto;
}
function summaryValue(v: ValueParts): Proto {
  return new Proto()
    .bytes(1, nz(v.tag))
    .float(2, v.simple_value)
    .message(4, v.image)
    .message(5, v.histo)
    .message(6, v.audio)
    .message(8, v.tensor)
    .message(9, v.metadata);
}
export function summaryOf(values: ValueParts[]): Uint8Array {
  return new Proto().repeated(1, values, summaryValue).finish();
}

// TensorProto's dtype enum (tensorboard/compat/proto/types.proto)
const DT = { FLOAT: 1, DOUBLE: 2, INT32: 3, UINT8: 4, INT16: 5, INT8: 6, STRING: 7, COMPLEX64: 8, INT64: 9, BOOL: 10, BFLOAT16: 14, COMPLEX128: 18, HALF: 19 };

// ---- scalars -----------------------------------------------------------------------------------------------------

/** summary.scalar: one number; new_style writes it as a tensor for the scalars plugin. */
export function scalar(name: string, value: TensorLike, new_style = false, double_precision = false): Uint8Array {
  const t = make_np(value, 'scalar_value').squeeze();
  if (t.dim() !== 0) {
    throw new AssertionError(
      `Tensor should contain one element (0 dimensions).             Was given size: ${t.numel()} and ${t.dim()} dimensions.`,
    );
  }
  const v = Number(t.to(D.float64).item());
  if (new_style) {
    const tp = double_precision ? new Proto().int(1, DT.DOUBLE).packedDouble(6, [v]) : new Proto().int(1, DT.FLOAT).packedFloat(5, [v]);
    return summaryOf([{ tag: name, tensor: tp, metadata: pluginMetadata('scalars') }]);
  }
  return summaryOf([{ tag: name, simple_value: v }]);
}

// ---- tensors -------------------------------------------------------------------------------------------------------

/** summary.tensor_proto: any tensor, as the tensor plugin's TensorProto (PyTorch's field choices, including its
 *  half_val encoding: the float32 bit pattern of each value, as struct.pack('f') + unpack('i')). */
export function tensor_proto(tag: string, t: Tensor): Uint8Array {
  if (!(t instanceof Tensor)) throw new TypeError(`add_tensor: expected a Tensor, not ${typeof t}`);
  if (t.numel() * t.element_size() >= 2 ** 31) throw new ValueError("tensor is bigger than protocol buffer's hard limit of 2GB in size");
  const src = t.detach().cpu().contiguous();
  const p = new Proto();
  const dt = src.dtype;
  const f32bits = (vals: Float64Array) => {
    const f = new Float32Array(vals);
    return Array.from(new Int32Array(f.buffer));
  };
  const shape = tensorShape(src.shape);
  if (dt === D.float16 || dt === D.bfloat16) p.int(1, dt === D.float16 ? DT.HALF : DT.BFLOAT16).message(2, shape).packedVarint(13, f32bits(float64Values(src)));
  else if (dt === D.float32) p.int(1, DT.FLOAT).message(2, shape).packedFloat(5, float64Values(src));
  else if (dt === D.float64) p.int(1, DT.DOUBLE).message(2, shape).packedDouble(6, float64Values(src));
  else if (dt === D.int8 || dt === D.int16 || dt === D.int32) {
    p.int(1, dt === D.int8 ? DT.INT8 : dt === D.int16 ? DT.INT16 : DT.INT32).message(2, shape).packedVarint(7, float64Values(src));
  } else if (dt === D.uint8) p.int(1, DT.UINT8).message(2, shape).packedVarint(16, float64Values(src));
  else if (dt === D.int64) p.int(1, DT.INT64).message(2, shape).packedVarint(10, src.flatten().toTypedArray() as BigInt64Array);
  else if (dt === D.bool) p.int(1, DT.BOOL).message(2, shape).packedVarint(11, float64Values(src));
  else if (dt === D.complex64 || dt === D.complex128) {
    const re = float64Values(view_as_real(src));
    if (dt === D.complex64) p.int(1, DT.COMPLEX64).message(2, shape).packedFloat(9, re);
    else p.int(1, DT.COMPLEX128).message(2, shape).packedDouble(12, re);
  } else throw new ValueError(`${tag} has unsupported tensor dtype ${dt}`);
  return summaryOf([{ tag, metadata: pluginMetadata('tensor'), tensor: p }]);
}

// ---- histograms ----------------------------------------------------------------------------------------------------

/** numpy.histogram's bins argument: a count, edges, or one of numpy's estimators. */
export type Bins = number | string | ArrayLike<number> | Tensor;

function searchsorted(sorted: Float64Array, v: number, right: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (right ? sorted[mid] <= v : sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function ptp(a: Float64Array): number {
  let mn = Infinity;
  let mx = -Infinity;
  for (const x of a) {
    if (x < mn) mn = x;
    if (x > mx) mx = x;
  }
  return mx - mn;
}
function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s / a.length;
}
function std(a: Float64Array): number {
  const m = mean(a);
  let s = 0;
  for (const x of a) s += (x - m) * (x - m);
  return Math.sqrt(s / a.length);
}
/** numpy.percentile (method 'linear') of sorted data. */
function percentile(sorted: Float64Array, q: number): number {
  const idx = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(idx);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const t = idx - lo;
  const a = sorted[lo];
  const b = sorted[hi];
  const d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

const ESTIMATORS: Record<string, (x: Float64Array) => number> = {
  sqrt: (x) => ptp(x) / Math.sqrt(x.length),
  sturges: (x) => ptp(x) / (Math.log2(x.length) + 1.0),
  rice: (x) => ptp(x) / (2.0 * x.length ** (1.0 / 3)),
  scott: (x) => ((24.0 * Math.PI ** 0.5) / x.length) ** (1.0 / 3.0) * std(x),
  doane: (x) => {
    if (x.length > 2) {
      const sg1 = Math.sqrt((6.0 * (x.length - 2)) / ((x.length + 1.0) * (x.length + 3)));
      const sigma = std(x);
      if (sigma > 0.0) {
        const m = mean(x);
        let g = 0;
        for (const v of x) g += ((v - m) / sigma) ** 3;
        const g1 = g / x.length;
        return ptp(x) / (1.0 + Math.log2(x.length) + Math.log2(1.0 + Math.abs(g1) / sg1));
      }
    }
    return 0.0;
  },
  fd: (x) => {
    const s = Float64Array.from(x).sort();
    const iqr = percentile(s, 75) - percentile(s, 25);
    return 2.0 * iqr * x.length ** (-1.0 / 3.0);
  },
  auto: (x) => {
    const fd = ESTIMATORS.fd(x);
    const sturges = ESTIMATORS.sturges(x);
    const sqrt = ESTIMATORS.sqrt(x);
    return Math.min(Math.max(fd, sqrt / 2), sturges);
  },
};

/** numpy.linspace(first, last, n + 1) as float64. */
function linspace(first: number, last: number, n: number): Float64Array {
  const out = new Float64Array(n + 1);
  const delta = last - first;
  const step = delta / n;
  for (let i = 0; i <= n; i++) out[i] = step === 0 ? ((i / n) * delta) + first : i * step + first;
  out[n] = last;
  return out;
}

/** numpy.histogram(values, bins) with optional weights: [counts, edges]. */
export function npHistogram(a: Float64Array, bins: Bins, range?: [number, number], weights?: Float64Array): [Float64Array, Float64Array] {
  let edges: Float64Array;
  let uniform: [number, number, number] | null = null;
  const outer = (): [number, number] => {
    let first: number;
    let last: number;
    if (range !== undefined) {
      [first, last] = range;
      if (first > last) throw new ValueError('max must be larger than min in range parameter.');
    } else if (a.length === 0) {
      [first, last] = [0, 1];
    } else {
      first = Infinity;
      last = -Infinity;
      for (const x of a) {
        if (x < first) first = x;
        if (x > last) last = x;
      }
      if (!Number.isFinite(first) || !Number.isFinite(last)) {
        throw new ValueError(`autodetected range of [${floatRepr(first)}, ${floatRepr(last)}] is not finite`);
      }
    }
    if (first === last) {
      first -= 0.5;
      last += 0.5;
    }
    return [first, last];
  };
  if (typeof bins === 'string') {
    const est = ESTIMATORS[bins];
    if (est === undefined) {
      throw new ValueError(bins === 'stone' ? "the 'stone' estimator is not available in torch-node" : `'${bins}' is not a valid estimator for \`bins\``);
    }
    const [first, last] = outer();
    let n = 1;
    if (a.length > 0) {
      const width = est(a);
      if (width) n = Math.ceil((last - first) / width);
    }
    uniform = [first, last, n];
  } else if (typeof bins === 'number') {
    if (!Number.isInteger(bins)) throw new TypeError('`bins` must be an integer, a string, or an array');
    if (bins < 1) throw new ValueError('`bins` must be positive, when an integer');
    const [first, last] = outer();
    uniform = [first, last, bins];
  } else {
    const e = bins instanceof Tensor ? float64Values(bins) : Float64Array.from(bins as ArrayLike<number>);
    for (let i = 1; i < e.length; i++) if (e[i - 1] > e[i]) throw new ValueError('`bins` must increase monotonically, when an array');
    edges = e;
  }
  if (uniform !== null) {
    const [first, last, n] = uniform;
    edges = linspace(first, last, n);
    for (let i = 1; i < edges.length; i++) {
      if (!(edges[i - 1] < edges[i])) throw new ValueError(`Too many bins for data range. Cannot create ${n} finite-sized bins.`);
    }
    const counts = new Float64Array(n);
    const denom = last - first;
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      if (!(x >= first && x <= last)) continue;
      let idx = Math.trunc(((x - first) / denom) * n);
      if (idx === n) idx -= 1;
      if (x < edges[idx]) idx -= 1;
      if (x >= edges[idx + 1] && idx !== n - 1) idx += 1;
      counts[idx] += weights === undefined ? 1 : weights[i];
    }
    return [counts, edges];
  }
  edges = edges!;
  // non-uniform edges: counts from searchsorted on the sorted data (the last edge inclusive)
  const counts = new Float64Array(Math.max(edges.length - 1, 0));
  if (weights === undefined) {
    const sorted = Float64Array.from(a).sort();
    const cum = new Float64Array(edges.length);
    for (let k = 0; k < edges.length; k++) cum[k] = searchsorted(sorted, edges[k], k === edges.length - 1);
    for (let k = 0; k < counts.length; k++) counts[k] = cum[k + 1] - cum[k];
  } else {
    const order = Array.from(a.keys()).sort((i, j) => a[i] - a[j] || i - j);
    const sorted = Float64Array.from(order, (i) => a[i]);
    const cw = new Float64Array(a.length + 1);
    for (let k = 0; k < order.length; k++) cw[k + 1] = cw[k] + weights[order[k]];
    const at = (k: number) => cw[searchsorted(sorted, edges[k], k === edges.length - 1)];
    for (let k = 0; k < counts.length; k++) counts[k] = at(k + 1) - at(k);
  }
  return [counts, edges];
}

function histogramProto(min: number, max: number, num: number, sum: number, sum_squares: number, limits: ArrayLike<number>, counts: ArrayLike<number>): Proto {
  return new Proto()
    .double(1, nz(min))
    .double(2, nz(max))
    .double(3, nz(num))
    .double(4, nz(sum))
    .double(5, nz(sum_squares))
    .packedDouble(6, limits)
    .packedDouble(7, counts);
}

/** summary.make_histogram: numpy's histogram, subsampled to max_bins, trimmed to the occupied range. */
export function make_histogram(values: Float64Array, bins: Bins, max_bins?: number | null): Proto {
  if (values.length === 0) throw new ValueError('The input has no element.');
  let [counts, limits] = npHistogram(values, bins);
  const num_bins = counts.length;
  if (max_bins !== undefined && max_bins !== null && num_bins > max_bins) {
    const sub = Math.floor(num_bins / max_bins);
    const rem = num_bins % sub;
    const padded = rem !== 0 ? Float64Array.from([...counts, ...new Array(sub - rem).fill(0)]) : counts;
    const merged = new Float64Array(padded.length / sub);
    for (let i = 0; i < padded.length; i++) merged[Math.floor(i / sub)] += padded[i];
    const newLimits = new Float64Array(merged.length + 1);
    for (let i = 0; i < merged.length; i++) newLimits[i] = limits[i * sub];
    newLimits[merged.length] = limits[limits.length - 1];
    counts = merged;
    limits = newLimits;
  }
  // trim empty buckets at both ends, keeping one empty bucket on the left (np.searchsorted on cumulative counts)
  const cum = new Float64Array(counts.length);
  let c = 0;
  for (let i = 0; i < counts.length; i++) cum[i] = c += counts[i] > 0 ? 1 : 0;
  const last = cum[cum.length - 1];
  const ss = (v: number) => searchsorted(cum, v, true);
  const start = ss(0);
  const end = ss(last - 1) + 1;
  const outCounts = start > 0 ? counts.slice(start - 1, end) : Float64Array.from([0, ...counts.slice(0, end)]);
  const outLimits = limits.slice(start, end + 1);
  if (outCounts.length === 0 || outLimits.length === 0) throw new ValueError('The histogram is empty, please file a bug report.');
  let mn = Infinity;
  let mx = -Infinity;
  let sum = 0;
  let sq = 0;
  for (const v of values) {
    if (v < mn) mn = v;
    if (v > mx) mx = v;
    sum += v;
    sq += v * v;
  }
  return histogramProto(mn, mx, values.length, sum, sq, outLimits, outCounts);
}

/** summary.histogram */
export function histogram(name: string, values: TensorLike, bins: Bins, max_bins?: number | null): Uint8Array {
  const v = float64Values(make_np(values, 'values'));
  return summaryOf([{ tag: name, histo: make_histogram(v, bins, max_bins) }]);
}

/** summary.histogram_raw */
export function histogram_raw(name: string, min: number, max: number, num: number, sum: number, sum_squares: number, bucket_limits: ArrayLike<number> | Tensor, bucket_counts: ArrayLike<number> | Tensor): Uint8Array {
  const arr = (x: ArrayLike<number> | Tensor) => (x instanceof Tensor ? float64Values(x) : Float64Array.from(x));
  return summaryOf([{ tag: name, histo: histogramProto(min, max, num, sum, sum_squares, arr(bucket_limits), arr(bucket_counts)) }]);
}

// ---- images --------------------------------------------------------------------------------------------------------

function pyShape(t: Tensor): string {
  return t.dim() === 1 ? `(${t.shape[0]},)` : `(${t.shape.join(', ')})`;
}

/** _utils.make_grid: NCHW (1 or 3 channels) into one 3xHxW canvas, 8 (ncols) images a row. */
export function make_grid(I: Tensor, ncols = 8): Tensor {
  if (I.dim() === 4 && I.shape[1] === 1) I = cat([I, I, I], 1);
  if (I.dim() !== 4 || I.shape[1] !== 3) throw new AssertionError('Input should be a 4D numpy array with 3 channels');
  const [nimg, , H, W] = I.shape;
  ncols = Math.min(nimg, ncols);
  const nrows = Math.ceil(nimg / ncols);
  const canvas = zeros([3, H * nrows, W * ncols], { dtype: I.dtype });
  let i = 0;
  for (let y = 0; y < nrows; y++) {
    for (let x = 0; x < ncols; x++) {
      if (i >= nimg) break;
      canvas.narrow(1, y * H, H).narrow(2, x * W, W).copy_(I.select(0, i));
      i++;
    }
  }
  return canvas;
}

/** _utils.convert_to_HWC: any of NCHW-like, CHW-like or HW-like layouts to HWC (grey becomes RGB; a batch a grid). */
export function convert_to_HWC(t: Tensor, input_format: string): Tensor {
  if (typeof input_format !== 'string') throw new TypeError(`dataformats must be a str, not ${typeof input_format}`);
  if (new Set(input_format).size !== input_format.length) {
    throw new AssertionError(`You can not use the same dimension shordhand twice.             input_format: ${input_format}`);
  }
  if (t.dim() !== input_format.length) {
    throw new AssertionError(`size of input tensor and input format are different.         tensor shape: ${pyShape(t)}, input_format: ${input_format}`);
  }
  const fmt = input_format.toUpperCase();
  const perm = (letters: string) => [...letters].map((c) => fmt.indexOf(c));
  if (fmt.length === 4) return make_grid(t.permute(perm('NCHW'))).permute(1, 2, 0);
  if (fmt.length === 3) {
    const hwc = t.permute(perm('HWC'));
    return hwc.shape[2] === 1 ? cat([hwc, hwc, hwc], 2) : hwc;
  }
  if (fmt.length === 2) {
    const hw = t.permute(perm('HW'));
    return stack([hw, hw, hw], 2);
  }
  throw new ValueError(`dataformats must have 2, 3 or 4 letters (HW, CHW, NCHW, ...), not '${input_format}'`);
}

/** summary.make_image: PNG of an HxWxC uint8 tensor. */
export function make_image(hwc: Tensor): Proto {
  const [height, width, channel] = hwc.shape;
  const pixels = hwc.contiguous().flatten().toTypedArray() as Uint8Array;
  return new Proto().int(1, nz(height)).int(2, nz(width)).int(3, nz(channel)).bytes(4, encodePng(pixels, height, width, channel));
}

/** The pixels as summary.image makes them: float values scaled by 255 (uint8 kept), clipped, truncated to uint8. */
export function toUint8Image(hwc: Tensor): Tensor {
  const scale = hwc.dtype === D.uint8 ? 1 : 255;
  return hwc.to(D.float32).mul(scale).clamp(0, 255).to(D.uint8);
}

/** summary.image (add_image and add_images) */
export function image(tag: string, img: TensorLike, dataformats = 'NCHW'): Uint8Array {
  const hwc = convert_to_HWC(make_np(img, 'img_tensor'), dataformats);
  return summaryOf([{ tag, image: make_image(toUint8Image(hwc)) }]);
}

// ---- audio ---------------------------------------------------------------------------------------------------------

/** summary.audio: a mono WAV of samples in [-1, 1] (clipped, with PyTorch's warning, when outside). */
export function audio(tag: string, snd: TensorLike, sample_rate = 44100): Uint8Array {
  let t = make_np(snd, 'snd_tensor').squeeze();
  if (t.abs().max().item() as number > 1) {
    console.log('warning: audio amplitude out of range, auto clipped.');
    t = t.clamp(-1, 1);
  }
  if (t.dim() !== 1) throw new AssertionError('input tensor should be 1 dimensional.');
  const v = float64Values(t);
  const n = v.length;
  const wav = new Uint8Array(44 + n * 2);
  const dv = new DataView(wav.buffer);
  const ascii = (o: number, s: string) => [...s].forEach((ch, i) => (wav[o + i] = ch.charCodeAt(0)));
  ascii(0, 'RIFF');
  dv.setUint32(4, 36 + n * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  dv.setUint32(16, 16, true);
  dv.setUint16(20, 1, true); // PCM
  dv.setUint16(22, 1, true); // mono
  dv.setUint32(24, sample_rate, true);
  dv.setUint32(28, sample_rate * 2, true);
  dv.setUint16(32, 2, true);
  dv.setUint16(34, 16, true);
  ascii(36, 'data');
  dv.setUint32(40, n * 2, true);
  for (let i = 0; i < n; i++) dv.setInt16(44 + i * 2, Math.trunc(v[i] * 32767), true);
  const a = new Proto().float(1, nz(sample_rate)).int(2, 1).int(3, nz(n)).bytes(4, wav).bytes(5, 'audio/wav');
  return summaryOf([{ tag, audio: a }]);
}

// ---- text ------------------------------------------------------------------------------------------------------------

/** summary.text: the text plugin's string tensor, tagged `<tag>/text_summary`. */
export function text(tag: string, s: string): Uint8Array {
  if (typeof s !== 'string') throw new TypeError(`add_text: text_string must be a str, not ${typeof s}`);
  const tp = new Proto().int(1, DT.STRING).message(2, tensorShape([1])).bytes(8, s);
  return summaryOf([{ tag: `${tag}/text_summary`, metadata: pluginMetadata('text'), tensor: tp }]);
}

// ---- hparams -------------------------------------------------------------------------------------------------------

export type HParamValue = number | string | boolean | Tensor | null | undefined;

/** google.protobuf.Value of a number or a string */
function pbValue(v: number | string): Proto {
  return typeof v === 'string' ? new Proto().bytes(3, v) : new Proto().double(2, v);
}

function hparamsSummary(tag: string, field: number, m: Proto): Uint8Array {
  const content = new Proto().message(field, m).finish(); // version 0 is not written
  return summaryOf([{ tag, metadata: pluginMetadata('hparams', content) }]);
}

/** summary.hparams: [experiment, session_start_info, session_end_info] Summaries of the hparams plugin. As in
 *  PyTorch, a bool is recorded as a number (Python's bool is an int), and a tensor by its first element. */
export function hparams(
  hparam_dict: Record<string, HParamValue>,
  metric_dict: Record<string, unknown>,
  hparam_domain_discrete?: Record<string, unknown[]> | null,
): [Uint8Array, Uint8Array, Uint8Array] {
  const isDict = (d: unknown) => d !== null && typeof d === 'object' && !Array.isArray(d) && !(d instanceof Tensor);
  if (!isDict(hparam_dict)) throw new TypeError('parameter: hparam_dict should be a dictionary, nothing logged.');
  if (!isDict(metric_dict)) throw new TypeError('parameter: metric_dict should be a dictionary, nothing logged.');
  const domains = hparam_domain_discrete ?? {};
  if (!isDict(domains)) throw new TypeError('parameter: hparam_domain_discrete should be a dictionary, nothing logged.');
  const sameType = (d: unknown, v: unknown) => (typeof v === 'number' || typeof v === 'boolean' ? typeof d === 'number' || typeof d === 'boolean' : typeof d === typeof v);
  for (const [k, v] of Object.entries(domains)) {
    if (!(k in hparam_dict) || !Array.isArray(v) || !v.every((d) => sameType(d, hparam_dict[k]))) {
      throw new TypeError(`parameter: hparam_domain_discrete[${k}] should be a list of same type as hparam_dict[${k}].`);
    }
  }
  const infos: Proto[] = [];
  const entries: Proto[] = [];
  const num = (x: unknown) => (typeof x === 'boolean' ? (x ? 1 : 0) : Number(x));
  for (const [k, v] of Object.entries(hparam_dict)) {
    if (v === null || v === undefined) continue;
    let value: Proto;
    let type: number;
    let domain: Proto | undefined;
    if (typeof v === 'number' || typeof v === 'boolean') {
      value = pbValue(num(v));
      type = 3; // DATA_TYPE_FLOAT64
      if (k in domains) domain = new Proto().repeated(1, domains[k], (d) => pbValue(num(d)));
    } else if (typeof v === 'string') {
      value = pbValue(v);
      type = 1; // DATA_TYPE_STRING
      if (k in domains) domain = new Proto().repeated(1, domains[k], (d) => pbValue(String(d)));
    } else if (v instanceof Tensor) {
      const t = make_np(v);
      if (t.dim() === 0) throw new IndexError('too many indices for array: array is 0-dimensional, but 1 were indexed');
      value = pbValue(Number(t.select(0, 0).to(D.float64).item()));
      type = 3;
    } else {
      throw new ValueError('value should be one of int, float, str, bool, or torch.Tensor');
    }
    entries.push(new Proto().bytes(1, k).message(2, value));
    infos.push(new Proto().bytes(1, nz(k)).int(4, type).message(5, domain));
  }
  const ssi = new Proto().repeated(1, entries, (e) => e);
  const metrics = Object.keys(metric_dict).map((k) => new Proto().message(1, new Proto().bytes(2, nz(k))));
  const exp = new Proto().repeated(4, infos, (p) => p).repeated(5, metrics, (p) => p);
  const sei = new Proto().int(1, 1); // STATUS_SUCCESS
  return [
    hparamsSummary('_hparams_/experiment', 2, exp),
    hparamsSummary('_hparams_/session_start_info', 3, ssi),
    hparamsSummary('_hparams_/session_end_info', 4, sei),
  ];
}

// ---- PR curves -----------------------------------------------------------------------------------------------------

function prCurveSummary(tag: string, data: Float64Array[], num_thresholds: number): Uint8Array {
  const content = new Proto().int(2, nz(num_thresholds)).finish();
  const flat = new Float64Array(data.length * data[0].length);
  data.forEach((row, i) => flat.set(row, i * row.length));
  const tp = new Proto().int(1, DT.FLOAT).message(2, tensorShape([data.length, data[0].length])).packedFloat(5, flat);
  return summaryOf([{ tag, metadata: pluginMetadata('pr_curves', content), tensor: tp }]);
}

/** summary.compute_curve: [tp, fp, tn, fn, precision, recall] at num_thresholds thresholds. */
export function compute_curve(labels: Tensor, predictions: Tensor, num_thresholds: number, weights?: Tensor | number | null): Float64Array[] {
  const MIN = 1e-7;
  const n = num_thresholds;
  const p = float64Values(predictions);
  const l = float64Values(labels);
  const w = weights === undefined || weights === null ? null : weights instanceof Tensor ? float64Values(make_np(weights)) : null;
  const wScalar = typeof weights === 'number' ? weights : 1.0;
  const f32 = predictions.dtype === D.float32 || predictions.dtype === D.float16;
  const tpB = new Float64Array(n);
  const fpB = new Float64Array(n);
  const last = n - 1;
  const edges = linspace(0, last, n);
  for (let i = 0; i < p.length; i++) {
    const scaled = f32 ? Math.fround(p[i] * last) : p[i] * last;
    const b = Math.floor(scaled) | 0; // np.int32
    if (!(b >= 0 && b <= last)) continue;
    let idx = Math.trunc((b / last) * n);
    if (idx === n) idx -= 1;
    if (b < edges[idx]) idx -= 1;
    if (b >= edges[idx + 1] && idx !== n - 1) idx += 1;
    const wi = w !== null ? w[w.length === 1 ? 0 : i] : wScalar;
    tpB[idx] += l[i] * wi;
    fpB[idx] += (1.0 - l[i]) * wi;
  }
  const tp = new Float64Array(n);
  const fp = new Float64Array(n);
  let a = 0;
  let b = 0;
  for (let i = n - 1; i >= 0; i--) {
    tp[i] = a += tpB[i];
    fp[i] = b += fpB[i];
  }
  const tn = fp.map((x) => fp[0] - x);
  const fn = tp.map((x) => tp[0] - x);
  const precision = tp.map((x, i) => x / Math.max(MIN, x + fp[i]));
  const recall = tp.map((x, i) => x / Math.max(MIN, x + fn[i]));
  return [tp, fp, tn, fn, precision, recall];
}

/** summary.pr_curve */
export function pr_curve(tag: string, labels: TensorLike, predictions: TensorLike, num_thresholds = 127, weights?: Tensor | number | null): Uint8Array {
  num_thresholds = Math.min(num_thresholds, 127);
  const data = compute_curve(make_np(labels, 'labels'), make_np(predictions, 'predictions'), num_thresholds, weights);
  return prCurveSummary(tag, data, num_thresholds);
}

/** summary.pr_curve_raw */
export function pr_curve_raw(tag: string, tp: TensorLike, fp: TensorLike, tn: TensorLike, fn: TensorLike, precision: TensorLike, recall: TensorLike, num_thresholds = 127): Uint8Array {
  if (num_thresholds > 127) num_thresholds = 127;
  const rows = [tp, fp, tn, fn, precision, recall].map((x) => float64Values(make_np(x)));
  if (!rows.every((r) => r.length === rows[0].length)) throw new ValueError('all input arrays must have the same shape');
  return prCurveSummary(tag, rows, num_thresholds);
}

// ---- custom scalars ------------------------------------------------------------------------------------------------

/** {category: {chart title: ['Multiline', tags] | ['Margin', [value, lower, upper]]}} */
export type CustomScalarLayout = Record<string, Record<string, [string, string[]]>>;

/** summary.custom_scalars: the layout of the custom scalars plugin. */
export function custom_scalars(layout: CustomScalarLayout): Uint8Array {
  const categories = Object.entries(layout).map(([title, charts]) => {
    const cs = Object.entries(charts).map(([name, meta]) => {
      const tags = meta[1];
      if (meta[0] === 'Margin') {
        if (tags.length !== 3) throw new AssertionError('len(tags) != 3');
        const series = new Proto().bytes(1, nz(tags[0])).bytes(2, nz(tags[1])).bytes(3, nz(tags[2]));
        return new Proto().bytes(1, nz(name)).message(3, new Proto().message(1, series));
      }
      return new Proto().bytes(1, nz(name)).message(2, new Proto().repeated(1, tags, (t) => t));
    });
    return new Proto().bytes(1, nz(title)).repeated(2, cs, (c) => c);
  });
  const bytes = new Proto().repeated(2, categories, (c) => c).finish();
  const tp = new Proto().int(1, DT.STRING).message(2, new Proto()).bytes(8, bytes);
  return summaryOf([{ tag: 'custom_scalars__config__', metadata: pluginMetadata('custom_scalars'), tensor: tp }]);
}
