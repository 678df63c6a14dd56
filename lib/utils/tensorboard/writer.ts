// torch.utils.tensorboard.SummaryWriter and FileWriter, after torch/utils/tensorboard/writer.py: event files that
// the real TensorBoard reads (test/utils/tensorboard.* read them with TensorBoard's own EventAccumulator and its
// HTTP server). Events are queued and written asynchronously (record_writer.ts); flush() and close() write
// everything synchronously, and whatever is still queued at process exit is written then.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { Tensor } from '../../tensor/tensor';
import { AssertionError, ValueError } from '../../errors';
import { floatRepr } from '../../nn/functional/_utils';
import { bindArgs } from '../../pyargs';
import type { Module } from '../../nn/module';
import * as D from '../../dtype';
import { Proto, nz } from './proto';
import { EventFileWriter } from './record_writer';
import * as S from './summary';
import { graph as traceGraph } from './graph';
import { encodePng } from './png';

/** Event{wall_time 1, step 2, file_version 3, graph_def 4, summary 5, session_log 7, tagged_run_metadata 8,
 *  source_metadata 10} */
interface EventParts {
  wall_time?: number;
  step?: number | bigint;
  file_version?: string;
  graph_def?: Uint8Array;
  summary?: Uint8Array;
  session_log?: Proto;
  tagged_run_metadata?: Proto;
  source_metadata?: Proto;
}
function eventBytes(e: EventParts): Uint8Array {
  return new Proto()
    .double(1, nz(e.wall_time))
    .int(2, nz(e.step))
    .bytes(3, e.file_version)
    .bytes(4, e.graph_def)
    .bytes(5, e.summary)
    .message(7, e.session_log)
    .message(8, e.tagged_run_metadata)
    .message(10, e.source_metadata)
    .finish();
}

/** time.time(): seconds since the epoch, with sub-millisecond digits. */
function now(): number {
  return (performance.timeOrigin + performance.now()) / 1000;
}

function stepOf(step: number | bigint | null | undefined): number | bigint | undefined {
  if (step === null || step === undefined) return undefined;
  if (typeof step === 'bigint') return step;
  if (typeof step !== 'number' || Number.isNaN(step)) throw new TypeError(`global_step must be an int, not ${typeof step}`);
  return Math.trunc(step); // int(step)
}

/** Writes protocol buffers to event files (torch.utils.tensorboard.writer.FileWriter). */
export class FileWriter {
  readonly event_writer: EventFileWriter;

  constructor(log_dir: string, max_queue = 10, flush_secs = 120, filename_suffix = '') {
    this.event_writer = new EventFileWriter(String(log_dir), max_queue, flush_secs, filename_suffix, (t) =>
      eventBytes({ wall_time: t, file_version: 'brain.Event:2', source_metadata: new Proto().bytes(1, 'tensorboard.summary.writer.event_file_writer') }),
    );
  }
  get_logdir(): string {
    return this.event_writer.get_logdir();
  }
  /** add_event(event, step, walltime) with the event's parts (wall_time and step filled in here). */
  add_event(event: EventParts, step?: number | bigint | null, walltime?: number | null): void {
    const e = { ...event, wall_time: walltime ?? now() };
    const s = stepOf(step);
    if (s !== undefined) e.step = s;
    this.event_writer.add_event(eventBytes(e));
  }
  /** A serialized Summary, wrapped in an Event. */
  add_summary(summary: Uint8Array, global_step?: number | bigint | null, walltime?: number | null): void {
    this.add_event({ summary }, global_step, walltime);
  }
  /** [GraphDef bytes, RunMetadata bytes]: the graph event, then the step stats tagged 'step1'. */
  add_graph(graph_profile: [Uint8Array, Uint8Array], walltime?: number | null): void {
    this.add_event({ graph_def: graph_profile[0] }, null, walltime);
    this.add_event({ tagged_run_metadata: new Proto().bytes(1, 'step1').bytes(2, graph_profile[1]) }, null, walltime);
  }
  flush(): void {
    this.event_writer.flush();
  }
  flushAsync(): Promise<void> {
    return this.event_writer.flushAsync();
  }
  close(): void {
    this.event_writer.close();
  }
}

export interface SummaryWriterOptions {
  /** appended to the default log_dir (runs/<date>_<host><comment>); ignored when log_dir is given */
  comment?: string;
  /** hide events at and after this step left by a crashed run in the same log_dir */
  purge_step?: number | null;
  /** how many events are queued before they are written */
  max_queue?: number;
  /** how often, in seconds, queued events are written */
  flush_secs?: number;
  /** appended to the event file names */
  filename_suffix?: string;
}

/** Python's datetime.now().strftime('%b%d_%H-%M-%S') */
function runStamp(d: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${months[d.getMonth()]}${p(d.getDate())}_${p(d.getHours())}-${p(d.getMinutes())}-${p(d.getSeconds())}`;
}

/** str(x) of a metadata label as Python prints it */
function pyStr(x: unknown): string {
  if (typeof x === 'string') return x;
  if (typeof x === 'number') return Number.isInteger(x) ? String(x) : floatRepr(x);
  if (typeof x === 'boolean') return x ? 'True' : 'False';
  if (x === null || x === undefined) return 'None';
  return String(x);
}

/** protobuf's text_format string escaping (CEscape, non-ASCII as octal bytes). */
function cEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b === 0x09) out += '\\t';
    else if (b === 0x22) out += '\\"';
    else if (b === 0x27) out += "\\'";
    else if (b === 0x5c) out += '\\\\';
    else if (b < 0x20 || b >= 0x7f) out += '\\' + b.toString(8).padStart(3, '0');
    else out += String.fromCharCode(b);
  }
  return out;
}

interface EmbeddingInfo {
  tensor_name: string;
  metadata_path?: string;
  sprite?: { image_path: string; single_image_dim: [number, number] };
  tensor_path: string;
}

function projectorPbtxt(embeddings: EmbeddingInfo[]): string {
  let s = '';
  for (const e of embeddings) {
    s += 'embeddings {\n';
    s += `  tensor_name: "${cEscape(e.tensor_name)}"\n`;
    if (e.metadata_path !== undefined) s += `  metadata_path: "${cEscape(e.metadata_path)}"\n`;
    if (e.sprite !== undefined) {
      s += '  sprite {\n';
      s += `    image_path: "${cEscape(e.sprite.image_path)}"\n`;
      for (const d of e.sprite.single_image_dim) s += `    single_image_dim: ${d}\n`;
      s += '  }\n';
    }
    s += `  tensor_path: "${cEscape(e.tensor_path)}"\n`;
    s += '}\n';
  }
  return s;
}

type Step = number | bigint | null;
type Walltime = number | null;

/** Binds a call as Python would bind it: positional arguments, then a trailing options object of keywords. A
 *  dict that is itself an argument (add_scalars' tag_scalar_dict, add_hparams' dicts) is never taken for the
 *  options: the options object can only follow the required arguments. */
function bind(fn: string, args: unknown[], names: readonly string[], required: number): Record<string, unknown> {
  const n = args.length;
  if (n <= required) {
    const out: Record<string, unknown> = {};
    args.forEach((v, i) => (out[names[i]] = v));
    const missing = names.slice(n, required);
    if (missing.length > 0) {
      const list = missing.map((m) => `'${m}'`);
      const text = list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
      throw new TypeError(`${fn}() missing ${missing.length} required positional argument${missing.length === 1 ? '' : 's'}: ${text}`);
    }
    return out;
  }
  return bindArgs(fn, args, names, [], required);
}

/** Keyword options of a method, PyTorch's names. */
export interface StepOptions {
  global_step?: Step;
  walltime?: Walltime;
}

/**
 * Writes entries to event files in log_dir for TensorBoard (torch.utils.tensorboard.SummaryWriter):
 * `new SummaryWriter('runs/exp1')`, `new SummaryWriter({comment: 'LR_0.1'})`, or `new SummaryWriter()` for
 * `runs/<date>_<host>`. Events are written asynchronously every flush_secs seconds and whenever max_queue are
 * waiting; flush() and close() write them all now, and the rest is written when the process exits. Arguments are
 * PyTorch's, by position or in a trailing options object: `add_scalar('loss', v, step, {walltime})`.
 */
export class SummaryWriter {
  readonly log_dir: string;
  purge_step: number | null;
  readonly max_queue: number;
  readonly flush_secs: number;
  readonly filename_suffix: string;
  file_writer: FileWriter | null = null;
  all_writers: Map<string, FileWriter> | null = null;
  readonly default_bins: number[];
  private _projector_config?: EmbeddingInfo[];

  constructor(log_dir?: string | null, options?: SummaryWriterOptions);
  constructor(options: SummaryWriterOptions & { log_dir?: string | null });
  constructor(log_dir?: string | null, comment?: string, purge_step?: number | null, max_queue?: number, flush_secs?: number, filename_suffix?: string);
  constructor(...args: unknown[]) {
    const a = bindArgs('SummaryWriter', args, ['log_dir', 'comment', 'purge_step', 'max_queue', 'flush_secs', 'filename_suffix']);
    let log_dir = a.log_dir as string | null | undefined;
    const comment = (a.comment ?? '') as string;
    if (log_dir !== undefined && log_dir !== null && typeof log_dir !== 'string') {
      throw new TypeError(`SummaryWriter: log_dir must be a str, not ${typeof log_dir}`);
    }
    if (!log_dir) log_dir = path.join('runs', `${runStamp(new Date())}_${os.hostname()}${comment}`);
    this.log_dir = log_dir;
    this.purge_step = (a.purge_step ?? null) as number | null;
    this.max_queue = (a.max_queue ?? 10) as number;
    this.flush_secs = (a.flush_secs ?? 120) as number;
    this.filename_suffix = (a.filename_suffix ?? '') as string;
    this._get_file_writer();
    // the default ('tensorflow') histogram bins: +-1e-12 * 1.1^k up to 1e20, and 0
    const buckets: number[] = [];
    const neg: number[] = [];
    let v = 1e-12;
    while (v < 1e20) {
      buckets.push(v);
      neg.push(-v);
      v *= 1.1;
    }
    this.default_bins = [...neg.reverse(), 0, ...buckets];
  }

  /** The default file writer, made again after close() (as Python's). */
  _get_file_writer(): FileWriter {
    if (this.all_writers === null || this.file_writer === null) {
      this.file_writer = new FileWriter(this.log_dir, this.max_queue, this.flush_secs, this.filename_suffix);
      this.all_writers = new Map([[this.file_writer.get_logdir(), this.file_writer]]);
      if (this.purge_step !== null) {
        const step = this.purge_step;
        this.file_writer.add_event({ step, file_version: 'brain.Event:2' });
        this.file_writer.add_event({ step, session_log: new Proto().int(1, 1) }); // SessionLog.START
        this.purge_step = null;
      }
    }
    return this.file_writer;
  }

  get_logdir(): string {
    return this.log_dir;
  }

  /** Hyperparameters and their metrics for the HParams dashboard, written in a sub-run named run_name (default:
   *  the time), with each metric also as a scalar there. */
  add_hparams(
    hparam_dict: Record<string, S.HParamValue>,
    metric_dict: Record<string, S.TensorLike>,
    hparam_domain_discrete?: Record<string, unknown[]> | null,
    run_name?: string | null,
    global_step?: Step,
  ): void;
  add_hparams(
    hparam_dict: Record<string, S.HParamValue>,
    metric_dict: Record<string, S.TensorLike>,
    options: { hparam_domain_discrete?: Record<string, unknown[]> | null; run_name?: string | null; global_step?: Step },
  ): void;
  add_hparams(...args: unknown[]): void {
    const a = bind('add_hparams', args, ['hparam_dict', 'metric_dict', 'hparam_domain_discrete', 'run_name', 'global_step'], 2);
    const isDict = (d: unknown) => d !== null && typeof d === 'object' && Object.getPrototypeOf(d) === Object.prototype;
    if (!isDict(a.hparam_dict) || !isDict(a.metric_dict)) throw new TypeError('hparam_dict and metric_dict should be dictionary.');
    const metric_dict = a.metric_dict as Record<string, S.TensorLike>;
    const [exp, ssi, sei] = S.hparams(a.hparam_dict as Record<string, S.HParamValue>, metric_dict, a.hparam_domain_discrete as Record<string, unknown[]> | null);
    const run_name = (a.run_name as string | null | undefined) || floatRepr(now());
    const global_step = a.global_step as Step | undefined;
    const logdir = path.join(this._get_file_writer().get_logdir(), run_name);
    const w = new SummaryWriter(logdir);
    try {
      const fw = w.file_writer!;
      fw.add_summary(exp, global_step);
      fw.add_summary(ssi, global_step);
      fw.add_summary(sei, global_step);
      for (const [k, v] of Object.entries(metric_dict)) w.add_scalar(k, v, global_step);
    } finally {
      w.close();
    }
  }

  /** A scalar (a number, or a one-element tensor). new_style writes it as a tensor; double_precision as float64. */
  add_scalar(tag: string, scalar_value: S.TensorLike, global_step?: Step, walltime?: Walltime, new_style?: boolean, double_precision?: boolean): void;
  add_scalar(tag: string, scalar_value: S.TensorLike, global_step: Step | undefined, options: { walltime?: Walltime; new_style?: boolean; double_precision?: boolean }): void;
  add_scalar(tag: string, scalar_value: S.TensorLike, options: StepOptions & { new_style?: boolean; double_precision?: boolean }): void;
  add_scalar(...args: unknown[]): void {
    const a = bind('add_scalar', args, ['tag', 'scalar_value', 'global_step', 'walltime', 'new_style', 'double_precision'], 2);
    const summary = S.scalar(a.tag as string, a.scalar_value as S.TensorLike, (a.new_style ?? false) as boolean, (a.double_precision ?? false) as boolean);
    this._get_file_writer().add_summary(summary, a.global_step as Step, a.walltime as Walltime);
  }

  /** Several scalars under main_tag, each in its own run `<log_dir>/<main_tag>_<tag>`. */
  add_scalars(main_tag: string, tag_scalar_dict: Record<string, S.TensorLike>, global_step?: Step, walltime?: Walltime): void;
  add_scalars(main_tag: string, tag_scalar_dict: Record<string, S.TensorLike>, global_step: Step | undefined, options: { walltime?: Walltime }): void;
  add_scalars(main_tag: string, tag_scalar_dict: Record<string, S.TensorLike>, options: StepOptions): void;
  add_scalars(...args: unknown[]): void {
    const a = bind('add_scalars', args, ['main_tag', 'tag_scalar_dict', 'global_step', 'walltime'], 2);
    const main_tag = a.main_tag as string;
    const walltime = (a.walltime as Walltime | undefined) ?? now();
    const fw_logdir = this._get_file_writer().get_logdir();
    for (const [tag, value] of Object.entries(a.tag_scalar_dict as Record<string, S.TensorLike>)) {
      const fw_tag = `${fw_logdir}/${main_tag.replace(/\//g, '_')}_${tag}`;
      let fw = this.all_writers!.get(fw_tag);
      if (fw === undefined) {
        fw = new FileWriter(fw_tag, this.max_queue, this.flush_secs, this.filename_suffix);
        this.all_writers!.set(fw_tag, fw);
      }
      fw.add_summary(S.scalar(main_tag, value), a.global_step as Step, walltime);
    }
  }

  /** A tensor, for the tensor plugin. */
  add_tensor(tag: string, tensor: Tensor, global_step?: Step, walltime?: Walltime): void;
  add_tensor(tag: string, tensor: Tensor, global_step: Step | undefined, options: { walltime?: Walltime }): void;
  add_tensor(tag: string, tensor: Tensor, options: StepOptions): void;
  add_tensor(...args: unknown[]): void {
    const a = bind('add_tensor', args, ['tag', 'tensor', 'global_step', 'walltime'], 2);
    this._get_file_writer().add_summary(S.tensor_proto(a.tag as string, a.tensor as Tensor), a.global_step as Step, a.walltime as Walltime);
  }

  /** A histogram of the values; bins: 'tensorflow' (the default), a count, edges, or a numpy estimator name. */
  add_histogram(tag: string, values: S.TensorLike, global_step?: Step, bins?: S.Bins, walltime?: Walltime, max_bins?: number | null): void;
  add_histogram(tag: string, values: S.TensorLike, global_step: Step | undefined, options: { bins?: S.Bins; walltime?: Walltime; max_bins?: number | null }): void;
  add_histogram(tag: string, values: S.TensorLike, options: StepOptions & { bins?: S.Bins; max_bins?: number | null }): void;
  add_histogram(...args: unknown[]): void {
    const a = bind('add_histogram', args, ['tag', 'values', 'global_step', 'bins', 'walltime', 'max_bins'], 2);
    let bins = (a.bins ?? 'tensorflow') as S.Bins;
    if (bins === 'tensorflow') bins = this.default_bins;
    const summary = S.histogram(a.tag as string, a.values as S.TensorLike, bins, a.max_bins as number | null | undefined);
    this._get_file_writer().add_summary(summary, a.global_step as Step, a.walltime as Walltime);
  }

  /** A histogram from its statistics and buckets (bucket_limits: each bucket's upper edge). */
  add_histogram_raw(
    tag: string,
    min: number,
    max: number,
    num: number,
    sum: number,
    sum_squares: number,
    bucket_limits: ArrayLike<number> | Tensor,
    bucket_counts: ArrayLike<number> | Tensor,
    global_step?: Step,
    walltime?: Walltime | StepOptions,
  ): void;
  add_histogram_raw(...args: unknown[]): void {
    const a = bind('add_histogram_raw', args, ['tag', 'min', 'max', 'num', 'sum', 'sum_squares', 'bucket_limits', 'bucket_counts', 'global_step', 'walltime'], 8);
    const len = (x: unknown) => (x instanceof Tensor ? x.numel() : (x as ArrayLike<number>).length);
    if (len(a.bucket_limits) !== len(a.bucket_counts)) throw new ValueError('len(bucket_limits) != len(bucket_counts), see the document.');
    const n = (k: string) => Number(a[k]);
    const summary = S.histogram_raw(a.tag as string, n('min'), n('max'), n('num'), n('sum'), n('sum_squares'), a.bucket_limits as ArrayLike<number>, a.bucket_counts as ArrayLike<number>);
    this._get_file_writer().add_summary(summary, a.global_step as Step, a.walltime as Walltime);
  }

  /** An image: CHW by default, or HWC, HW, ... (dataformats). Float values in [0, 1], uint8 in [0, 255]. */
  add_image(tag: string, img_tensor: S.TensorLike, global_step?: Step, walltime?: Walltime, dataformats?: string): void;
  add_image(tag: string, img_tensor: S.TensorLike, global_step: Step | undefined, options: { walltime?: Walltime; dataformats?: string }): void;
  add_image(tag: string, img_tensor: S.TensorLike, options: StepOptions & { dataformats?: string }): void;
  add_image(...args: unknown[]): void {
    const a = bind('add_image', args, ['tag', 'img_tensor', 'global_step', 'walltime', 'dataformats'], 2);
    const summary = S.image(a.tag as string, a.img_tensor as S.TensorLike, (a.dataformats ?? 'CHW') as string);
    this._get_file_writer().add_summary(summary, a.global_step as Step, a.walltime as Walltime);
  }

  /** A batch of images (NCHW by default, or NHWC, ...), shown as one grid of 8 a row. */
  add_images(tag: string, img_tensor: S.TensorLike, global_step?: Step, walltime?: Walltime, dataformats?: string): void;
  add_images(tag: string, img_tensor: S.TensorLike, global_step: Step | undefined, options: { walltime?: Walltime; dataformats?: string }): void;
  add_images(tag: string, img_tensor: S.TensorLike, options: StepOptions & { dataformats?: string }): void;
  add_images(...args: unknown[]): void {
    const a = bind('add_images', args, ['tag', 'img_tensor', 'global_step', 'walltime', 'dataformats'], 2);
    const summary = S.image(a.tag as string, a.img_tensor as S.TensorLike, (a.dataformats ?? 'NCHW') as string);
    this._get_file_writer().add_summary(summary, a.global_step as Step, a.walltime as Walltime);
  }

  /** Sound (samples in [-1, 1]) as a mono WAV clip. */
  add_audio(tag: string, snd_tensor: S.TensorLike, global_step?: Step, sample_rate?: number, walltime?: Walltime): void;
  add_audio(tag: string, snd_tensor: S.TensorLike, global_step: Step | undefined, options: { sample_rate?: number; walltime?: Walltime }): void;
  add_audio(tag: string, snd_tensor: S.TensorLike, options: StepOptions & { sample_rate?: number }): void;
  add_audio(...args: unknown[]): void {
    const a = bind('add_audio', args, ['tag', 'snd_tensor', 'global_step', 'sample_rate', 'walltime'], 2);
    const summary = S.audio(a.tag as string, a.snd_tensor as S.TensorLike, (a.sample_rate ?? 44100) as number);
    this._get_file_writer().add_summary(summary, a.global_step as Step, a.walltime as Walltime);
  }

  /** Text (Markdown), for the text plugin. */
  add_text(tag: string, text_string: string, global_step?: Step, walltime?: Walltime): void;
  add_text(tag: string, text_string: string, global_step: Step | undefined, options: { walltime?: Walltime }): void;
  add_text(tag: string, text_string: string, options: StepOptions): void;
  add_text(...args: unknown[]): void {
    const a = bind('add_text', args, ['tag', 'text_string', 'global_step', 'walltime'], 2);
    this._get_file_writer().add_summary(S.text(a.tag as string, a.text_string as string), a.global_step as Step, a.walltime as Walltime);
  }

  /** The model's graph, traced (torch.jit.trace) on input_to_model: a Tensor, or an array of forward's arguments. */
  add_graph(model: Module, input_to_model?: unknown, verbose?: boolean, use_strict_trace?: boolean): void;
  add_graph(model: Module, input_to_model: unknown, options: { verbose?: boolean; use_strict_trace?: boolean }): void;
  add_graph(model: Module, options: { input_to_model?: unknown; verbose?: boolean; use_strict_trace?: boolean }): void;
  add_graph(...args: unknown[]): void {
    const a = bind('add_graph', args, ['model', 'input_to_model', 'verbose', 'use_strict_trace'], 1);
    if (a.input_to_model === undefined || a.input_to_model === null) {
      throw new TypeError('add_graph(): input_to_model is needed to trace the model (a Tensor or an array of arguments)');
    }
    const profile = traceGraph(a.model as Module, a.input_to_model, (a.verbose ?? false) as boolean, (a.use_strict_trace ?? true) as boolean);
    this._get_file_writer().add_graph(profile);
  }

  private static _encode(raw: string): string {
    return raw.replace(/%/g, '%25').replace(/\//g, '%2f').replace(/\\/g, '%5c');
  }

  /** Data points for the projector: tensors.tsv, metadata.tsv (labels), sprite.png (label_img, NCHW), and
   *  projector_config.pbtxt in the log dir. */
  add_embedding(mat: S.TensorLike, metadata?: unknown[] | Tensor | null, label_img?: Tensor | null, global_step?: number | null, tag?: string, metadata_header?: string[] | null): void;
  add_embedding(mat: S.TensorLike, options: { metadata?: unknown[] | Tensor | null; label_img?: Tensor | null; global_step?: number | null; tag?: string; metadata_header?: string[] | null }): void;
  add_embedding(...args: unknown[]): void {
    const a = bind('add_embedding', args, ['mat', 'metadata', 'label_img', 'global_step', 'tag', 'metadata_header'], 1);
    const m = S.make_np(a.mat as S.TensorLike, 'mat');
    const global_step = (a.global_step ?? 0) as number;
    const tag = (a.tag ?? 'default') as string;
    const subdir = `${String(global_step).padStart(5, '0')}/${SummaryWriter._encode(tag)}`;
    const logdir = this._get_file_writer().get_logdir();
    const save_path = path.join(logdir, subdir);
    if (fs.existsSync(save_path)) {
      if (fs.statSync(save_path).isDirectory()) console.log('warning: Embedding dir exists, did you set global_step for add_embedding()?');
      else throw Object.assign(new Error(`Path: \`${save_path}\` exists, but is a file. Cannot proceed.`), { name: 'NotADirectoryError' });
    } else {
      fs.mkdirSync(save_path, { recursive: true });
    }
    let metadata = (a.metadata ?? null) as unknown[] | Tensor | null;
    if (metadata instanceof Tensor) metadata = metadata.tolist() as unknown[];
    if (metadata !== null) {
      if (m.shape[0] !== metadata.length) throw new AssertionError('#labels should equal with #data points');
      const header = a.metadata_header as string[] | null | undefined;
      let lines: string[];
      if (!header || header.length === 0) lines = metadata.map(pyStr);
      else {
        if (header.length !== (metadata[0] as unknown[]).length) throw new AssertionError('len of header must be equal to the number of columns in metadata');
        lines = [header, ...(metadata as unknown[][])].map((row) => row.map(pyStr).join('\t'));
      }
      fs.writeFileSync(path.join(save_path, 'metadata.tsv'), lines.join('\n') + '\n');
    }
    const label_img = (a.label_img ?? null) as Tensor | null;
    if (label_img !== null) {
      if (m.shape[0] !== label_img.shape[0]) throw new AssertionError('#images should equal with #data points');
      this.makeSprite(label_img, save_path);
    }
    if (m.dim() !== 2) throw new AssertionError('mat should be 2D, where mat.size(0) is the number of data points');
    const rows = m.tolist() as number[][];
    const isFloat = m.is_floating_point();
    const cell = (x: unknown) => (typeof x === 'number' && isFloat ? floatRepr(x) : pyStr(x));
    fs.writeFileSync(path.join(save_path, 'tensors.tsv'), rows.map((r) => r.map(cell).join('\t') + '\n').join(''));
    this._projector_config ??= [];
    const info: EmbeddingInfo = { tensor_name: `${tag}:${String(global_step).padStart(5, '0')}`, tensor_path: `${subdir}/tensors.tsv` };
    if (metadata !== null) info.metadata_path = `${subdir}/metadata.tsv`;
    if (label_img !== null) info.sprite = { image_path: `${subdir}/sprite.png`, single_image_dim: [label_img.shape[3], label_img.shape[2]] };
    this._projector_config.push(info);
    fs.writeFileSync(path.join(logdir, 'projector_config.pbtxt'), projectorPbtxt(this._projector_config));
  }

  /** _embedding.make_sprite: the label images in a square grid, as one PNG. */
  private makeSprite(label_img: Tensor, save_path: string): void {
    const nrow = Math.ceil(label_img.shape[0] ** 0.5);
    const grid = S.make_grid(S.make_np(label_img), nrow); // CHW
    const W = grid.shape[2];
    const H = grid.shape[1];
    if (H > W) throw new ValueError(`could not broadcast input array from shape (${H},${W},3) into shape (${W},${W},3)`);
    const square = new Uint8Array(W * W * 3);
    const hwc = grid.permute(1, 2, 0).to(D.float64).mul(255).clamp(0, 255).to(D.uint8).contiguous().flatten().toTypedArray() as Uint8Array;
    square.set(hwc, 0);
    fs.writeFileSync(path.join(save_path, 'sprite.png'), encodePng(square, W, W, 3));
  }

  /** A precision-recall curve from 0/1 labels and predictions in [0, 1]. */
  add_pr_curve(tag: string, labels: S.TensorLike, predictions: S.TensorLike, global_step?: Step, num_thresholds?: number, weights?: Tensor | number | null, walltime?: Walltime): void;
  add_pr_curve(tag: string, labels: S.TensorLike, predictions: S.TensorLike, global_step: Step | undefined, options: { num_thresholds?: number; weights?: Tensor | number | null; walltime?: Walltime }): void;
  add_pr_curve(tag: string, labels: S.TensorLike, predictions: S.TensorLike, options: StepOptions & { num_thresholds?: number; weights?: Tensor | number | null }): void;
  add_pr_curve(...args: unknown[]): void {
    const a = bind('add_pr_curve', args, ['tag', 'labels', 'predictions', 'global_step', 'num_thresholds', 'weights', 'walltime'], 3);
    const summary = S.pr_curve(a.tag as string, a.labels as S.TensorLike, a.predictions as S.TensorLike, (a.num_thresholds ?? 127) as number, a.weights as Tensor | number | null);
    this._get_file_writer().add_summary(summary, a.global_step as Step, a.walltime as Walltime);
  }

  /** A precision-recall curve from its counts, precision and recall. */
  add_pr_curve_raw(
    tag: string,
    true_positive_counts: S.TensorLike,
    false_positive_counts: S.TensorLike,
    true_negative_counts: S.TensorLike,
    false_negative_counts: S.TensorLike,
    precision: S.TensorLike,
    recall: S.TensorLike,
    global_step?: Step | (StepOptions & { num_thresholds?: number }),
    num_thresholds?: number,
    weights?: null,
    walltime?: Walltime,
  ): void;
  add_pr_curve_raw(...args: unknown[]): void {
    const names = ['tag', 'true_positive_counts', 'false_positive_counts', 'true_negative_counts', 'false_negative_counts', 'precision', 'recall', 'global_step', 'num_thresholds', 'weights', 'walltime'];
    const a = bind('add_pr_curve_raw', args, names, 7);
    const c = (k: string) => a[k] as S.TensorLike;
    const summary = S.pr_curve_raw(a.tag as string, c('true_positive_counts'), c('false_positive_counts'), c('true_negative_counts'), c('false_negative_counts'), c('precision'), c('recall'), (a.num_thresholds ?? 127) as number);
    this._get_file_writer().add_summary(summary, a.global_step as Step, a.walltime as Walltime);
  }

  /** One multiline chart of the custom scalars plugin. */
  add_custom_scalars_multilinechart(tags: string[], category?: string | { category?: string; title?: string }, title?: string): void {
    const a = bind('add_custom_scalars_multilinechart', [...arguments], ['tags', 'category', 'title'], 1);
    this.add_custom_scalars({ [(a.category ?? 'default') as string]: { [(a.title ?? 'untitled') as string]: ['Multiline', tags] } });
  }

  /** One margin chart (value, lower, upper tags) of the custom scalars plugin. */
  add_custom_scalars_marginchart(tags: string[], category?: string | { category?: string; title?: string }, title?: string): void {
    const a = bind('add_custom_scalars_marginchart', [...arguments], ['tags', 'category', 'title'], 1);
    if (tags.length !== 3) throw new AssertionError(`Expected 3 tags, got ${tags.length}.`);
    this.add_custom_scalars({ [(a.category ?? 'default') as string]: { [(a.title ?? 'untitled') as string]: ['Margin', tags] } });
  }

  /** The custom scalars layout: {category: {chart: ['Multiline', tags] | ['Margin', [value, lower, upper]]}}. */
  add_custom_scalars(layout: S.CustomScalarLayout): void {
    this._get_file_writer().add_summary(S.custom_scalars(layout));
  }

  /** Writes every pending event of every run of this writer now. */
  flush(): void {
    if (this.all_writers === null) return;
    for (const w of this.all_writers.values()) w.flush();
  }

  /** flush() without blocking the event loop. */
  async flushAsync(): Promise<void> {
    if (this.all_writers === null) return;
    await Promise.all([...this.all_writers.values()].map((w) => w.flushAsync()));
  }

  /** Writes what remains and closes the files; a later add_* opens a new event file. */
  close(): void {
    if (this.all_writers === null) return;
    for (const w of this.all_writers.values()) {
      w.flush();
      w.close();
    }
    this.file_writer = null;
    this.all_writers = null;
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
