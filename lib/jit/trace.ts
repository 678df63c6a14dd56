// torch.jit.trace of a torch-node nn.Module, after torch/jit/_trace.py (trace / trace_module), with LibTorch's own
// tracer (native/jit/trace.cc): the module's forward runs once in JavaScript while the tracer records every op it
// dispatches, and the recorded graph becomes the forward method of a TorchScript module whose parameters and
// buffers are the JS module's own tensors. The result is a ScriptModule: it runs here, saves with .save(), and
// Python's torch.jit.load runs it with the same outputs.
import { native } from '../native/binding';
import { Tensor } from '../tensor/tensor';
import { tidy } from '../tensor/scope';
import { TorchError } from '../errors';
import { warn } from '../warnings';
import { Module, register_module_forward_hook, register_module_forward_pre_hook } from '../nn/module';
import { ScriptModule, decodeValue, encodeValue } from './script_module';

/** torch.nn.modules' classes by the file of torch/nn/modules that defines them (TorchScript class names of traced
 *  built-in layers are `__torch__.torch.nn.modules.<file>.<Class>`, as Python's). */
const NN_FILES: Record<string, string> = {
  activation: 'CELU ELU GELU GLU Hardshrink Hardsigmoid Hardswish Hardtanh LeakyReLU LogSigmoid LogSoftmax Mish MultiheadAttention PReLU RReLU ReLU ReLU6 SELU SiLU Sigmoid Softmax Softmax2d Softmin Softplus Softshrink Softsign Tanh Tanhshrink Threshold',
  adaptive: 'AdaptiveLogSoftmaxWithLoss',
  batchnorm: 'BatchNorm1d BatchNorm2d BatchNorm3d LazyBatchNorm1d LazyBatchNorm2d LazyBatchNorm3d SyncBatchNorm',
  channelshuffle: 'ChannelShuffle',
  container: 'Container ModuleDict ModuleList ParameterDict ParameterList Sequential',
  conv: 'Conv1d Conv2d Conv3d ConvTranspose1d ConvTranspose2d ConvTranspose3d LazyConv1d LazyConv2d LazyConv3d LazyConvTranspose1d LazyConvTranspose2d LazyConvTranspose3d',
  distance: 'CosineSimilarity PairwiseDistance',
  dropout: 'AlphaDropout Dropout Dropout1d Dropout2d Dropout3d FeatureAlphaDropout',
  flatten: 'Flatten Unflatten',
  fold: 'Fold Unfold',
  instancenorm: 'InstanceNorm1d InstanceNorm2d InstanceNorm3d LazyInstanceNorm1d LazyInstanceNorm2d LazyInstanceNorm3d',
  linear: 'Bilinear Identity LazyLinear Linear',
  loss: 'BCELoss BCEWithLogitsLoss CTCLoss CosineEmbeddingLoss CrossEntropyLoss GaussianNLLLoss HingeEmbeddingLoss HuberLoss KLDivLoss L1Loss MSELoss MarginRankingLoss MultiLabelMarginLoss MultiLabelSoftMarginLoss MultiMarginLoss NLLLoss NLLLoss2d PoissonNLLLoss SmoothL1Loss SoftMarginLoss TripletMarginLoss TripletMarginWithDistanceLoss',
  normalization: 'CrossMapLRN2d GroupNorm LayerNorm LocalResponseNorm RMSNorm',
  padding: 'CircularPad1d CircularPad2d CircularPad3d ConstantPad1d ConstantPad2d ConstantPad3d ReflectionPad1d ReflectionPad2d ReflectionPad3d ReplicationPad1d ReplicationPad2d ReplicationPad3d ZeroPad1d ZeroPad2d ZeroPad3d',
  pixelshuffle: 'PixelShuffle PixelUnshuffle',
  pooling: 'AdaptiveAvgPool1d AdaptiveAvgPool2d AdaptiveAvgPool3d AdaptiveMaxPool1d AdaptiveMaxPool2d AdaptiveMaxPool3d AvgPool1d AvgPool2d AvgPool3d FractionalMaxPool2d FractionalMaxPool3d LPPool1d LPPool2d LPPool3d MaxPool1d MaxPool2d MaxPool3d MaxUnpool1d MaxUnpool2d MaxUnpool3d',
  rnn: 'GRU GRUCell LSTM LSTMCell RNN RNNBase RNNCell RNNCellBase',
  sparse: 'Embedding EmbeddingBag',
  transformer: 'Transformer TransformerDecoder TransformerDecoderLayer TransformerEncoder TransformerEncoderLayer',
  upsampling: 'Upsample UpsamplingBilinear2d UpsamplingNearest2d',
};
let nnFileOf: Map<string, string> | null = null;

/** The TorchScript class name Python gives a traced module of this class (`__torch__.Net` for a user class). */
function qualifiedName(m: Module): string {
  const ctor = m.constructor as Function;
  const name = m._get_name().replace(/[^A-Za-z0-9_]/g, '_') || 'Module';
  if (nnFileOf === null) {
    nnFileOf = new Map();
    for (const [file, names] of Object.entries(NN_FILES)) for (const n of names.split(' ')) nnFileOf.set(n, file);
  }
  const file = nnFileOf.get(ctor.name);
  if (file !== undefined) {
    // only torch-node's own class of that name (lazy: torch.nn is above torch.jit)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const builtins = require('../nn/modules/index') as Record<string, unknown>;
    if (builtins[ctor.name] === ctor) return `__torch__.torch.nn.modules.${file}.${ctor.name}`;
  }
  return `__torch__.${name}`;
}

interface ModuleSpec {
  name: string;
  training: boolean;
  params: [string, number][];
  buffers: [string, number][];
  children: [string, ModuleSpec][];
}

/** The module tree as native code builds it: the JS tensors themselves (by handle), never copies. Python requires
 *  the module's parameters and buffers to be distinct tensors; a tensor registered twice is refused the same way. */
function specOf(m: Module, seen: Set<Module>, tensors: Set<number>): ModuleSpec {
  if (seen.has(m)) {
    throw new TorchError(`torch.jit.trace: the module ${m._get_name()} appears twice in the tree; TorchScript modules cannot share a submodule`);
  }
  seen.add(m);
  const entry = (name: string, t: Tensor | null): [string, number] => {
    if (t === null || t === undefined) return [name, 0];
    return [name, t._h];
  };
  return {
    name: qualifiedName(m),
    training: m.training,
    params: [...m._parameters].map(([n, p]) => entry(n, p)),
    buffers: [...m._buffers].map(([n, b]) => entry(n, b)),
    children: [...m._modules].filter(([, c]) => c !== null).map(([n, c]) => [n, specOf(c as Module, seen, tensors)]),
  };
}

/** Names of a function's plain parameters, as Python's get_callable_argument_names (none when it has a rest or
 *  destructured parameter, or cannot be read). */
export function argumentNames(fn: Function): string[] {
  const src = Function.prototype.toString.call(fn);
  const open = src.indexOf('(');
  if (open < 0) {
    const arrow = /^\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(src);
    return arrow ? [arrow[1]] : [];
  }
  let depth = 0;
  let close = -1;
  for (let i = open; i < src.length; i++) {
    const ch = src[i];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) {
        close = i;
        break;
      }
    }
  }
  if (close < 0) return [];
  const inner = src.slice(open + 1, close).replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const parts: string[] = [];
  depth = 0;
  let cur = '';
  for (const ch of inner) {
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim() !== '') parts.push(cur);
  const names: string[] = [];
  for (const p of parts) {
    const m = /^\s*([A-Za-z_$][\w$]*)\s*(?:[?:=][\s\S]*)?$/.exec(p);
    if (m === null) continue; // ...rest or a destructuring pattern: no single name (Python skips *args too)
    names.push(m[1]);
  }
  return names;
}

export interface TraceOptions {
  /** run the traced module again on the example inputs and warn when its outputs differ from the module's */
  check_trace?: boolean;
  /** tolerance of check_trace */
  check_tolerance?: number;
  /** refuse mutable containers (lists, dicts) as outputs, as Python's strict tracing */
  strict?: boolean;
}

/** Runs fn while module scopes are pushed for each submodule call, as Python's Module._slow_forward does with
 *  torch.jit._trace._trace_module_map (the root module gets no scope). */
function withModuleScopes<T>(root: Module, fn: () => T): T {
  const names = new Map<Module, string>();
  const register = (m: Module, prefix: string) => {
    for (const [name, child] of m._modules) {
      if (child === null) continue;
      const q = `${prefix}.${name}`;
      names.set(child, q);
      register(child, q);
    }
  };
  register(root, '__module');
  const pushed: boolean[] = [];
  const pre = register_module_forward_pre_hook((m) => {
    const name = names.get(m);
    pushed.push(name !== undefined && native.jitTraceScope(name));
  });
  const post = register_module_forward_hook(
    () => {
      if (pushed.pop()) native.jitTraceScope(null);
    },
    { always_call: true },
  );
  try {
    return fn();
  } finally {
    pre.remove();
    post.remove();
  }
}

function asArgs(example_inputs: unknown): unknown[] {
  if (example_inputs instanceof Tensor) return [example_inputs];
  if (Array.isArray(example_inputs)) return example_inputs;
  throw new TypeError('torch.jit.trace: example_inputs must be a Tensor or an array (tuple) of arguments');
}

/**
 * torch.jit.trace(module, example_inputs, {check_trace, check_tolerance, strict}): runs `module(...example_inputs)`
 * once under LibTorch's tracer and returns the recorded computation as a TorchScript module (submodule calls
 * become submodule methods, as Python's traced modules). Control flow is frozen at the path the example took, as
 * in Python. Tracing a plain function is not supported here: wrap it in an nn.Module.
 */
export function trace(module: Module, example_inputs: unknown, options: TraceOptions = {}): ScriptModule {
  if (!(module instanceof Module)) {
    throw new TypeError('torch.jit.trace: torch-node traces nn.Module instances (wrap a function in a Module)');
  }
  const args = asArgs(example_inputs);
  const strict = options.strict ?? true;
  const spec = specOf(module, new Set(), new Set());
  const argNames = argumentNames(module.forward);
  const traced = tidy(() =>
    withModuleScopes(module, () =>
      native.jitTrace(
        spec,
        args.map((a) => encodeValue(a)),
        (...inputs: unknown[]) => encodeValue((module as unknown as (...a: unknown[]) => unknown)(...inputs.map(decodeValue))),
        argNames,
        strict,
        false,
      ),
    ),
  );
  const sm = new ScriptModule(traced);
  if (options.check_trace ?? true) checkTrace(module, sm, args, options.check_tolerance ?? 1e-5);
  return sm;
}

/** Python's _check_trace, on outputs: the traced module and the module must agree on the example inputs. */
function checkTrace(module: Module, sm: ScriptModule, args: unknown[], tol: number): void {
  tidy(() => {
    const flat = (v: unknown, out: Tensor[]): Tensor[] => {
      if (v instanceof Tensor) out.push(v);
      else if (Array.isArray(v)) for (const x of v) flat(x, out);
      else if (v instanceof Map) for (const x of v.values()) flat(x, out);
      else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) flat(x, out);
      return out;
    };
    const expected = flat((module as unknown as (...a: unknown[]) => unknown)(...args), []);
    const got = flat(sm.forward(...args), []);
    for (let i = 0; i < Math.min(expected.length, got.length); i++) {
      const a = expected[i];
      const b = got[i];
      const same = a.shape.length === b.shape.length && a.shape.every((d, k) => d === b.shape[k]) &&
        (a.is_floating_point() ? a.detach().to(b.dtype).allclose(b.detach(), { rtol: tol, atol: tol }) : a.equal(b));
      if (!same) {
        warn(
          `Output nr ${i + 1}. of the traced function does not match the corresponding output of the Python function. ` +
            'Detailed error:\nthe outputs differ beyond the tolerance (check_tolerance)',
          'TracerWarning',
        );
      }
    }
  });
}
