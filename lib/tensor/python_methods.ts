// Tensor methods and properties that PyTorch defines in Python rather than in its op schema: device and dtype
// shorthands (cpu(), cuda(), float(), ...), and the T/H/mT/mH/real/imag/data properties.
import * as D from '../dtype';
import { type DeviceLike, toDevice, device } from '../device';
import { Tensor, wrap } from './tensor';
import * as F from '../generated/torch_functions';
import { OVERLOADS_to } from '../generated/tensor_methods';
import { native } from '../native/binding';
import { memory_format, isOpts, type Opts } from './args';
import * as functional from '../functional';
import type { UniqueOptions, UniqueConsecutiveOptions, LuOptions } from '../functional';
import type { Scalar } from './args';
import { TorchError } from '../errors';

export interface ToOptions {
  dtype?: D.dtype | null;
  device?: DeviceLike | null;
  non_blocking?: boolean;
  copy?: boolean;
  memory_format?: memory_format | null;
}

declare module './tensor' {
  interface Tensor {
    /** Tensor with the given dtype and/or device (this tensor itself when nothing changes and copy is false). */
    to(device: DeviceLike, options?: ToOptions): Tensor;
    to(device: DeviceLike, dtype: D.dtype | null, options?: ToOptions): Tensor;
    to(device: DeviceLike, dtype: D.dtype | null, non_blocking: boolean, copy?: boolean, options?: ToOptions): Tensor;
    to(dtype: D.dtype, options?: ToOptions): Tensor;
    to(dtype: D.dtype, non_blocking: boolean, copy?: boolean, options?: ToOptions): Tensor;
    to(other: Tensor, options?: ToOptions): Tensor;
    to(other: Tensor, non_blocking: boolean, copy?: boolean, options?: ToOptions): Tensor;
    to(options: ToOptions): Tensor;
    /** A copy on the CPU (this tensor itself when it is already there). */
    cpu(): Tensor;
    /** A copy in page-locked (pinned) host memory, for fast asynchronous copies to CUDA (needs CUDA). */
    pin_memory(): Tensor;
    /** True when the tensor lives in pinned host memory. */
    is_pinned(): boolean;
    /** The address of the tensor's first element (an integer). */
    data_ptr(): number;
    /** The CUDA device index of a CUDA tensor; -1 for a CPU tensor. */
    get_device(): number;
    /** PyTorch moves the storage to shared memory for other processes. Worker threads share this process's memory,
     *  so tensors cross threads without copying already (torch.shareTensor): returns this tensor unchanged. */
    share_memory_(): Tensor;
    /** A copy on a CUDA device (default cuda:0); this tensor itself when it is already there. */
    cuda(device?: DeviceLike | number | null, options?: { non_blocking?: boolean }): Tensor;
    float(): Tensor;
    double(): Tensor;
    half(): Tensor;
    bfloat16(): Tensor;
    int(): Tensor;
    long(): Tensor;
    short(): Tensor;
    bool(): Tensor;
    byte(): Tensor;
    char(): Tensor;
    cfloat(): Tensor;
    cdouble(): Tensor;
    /** The dimensions reversed (x.T in Python). */
    readonly T: Tensor;
    /** Conjugate transpose of a matrix (x.H). */
    readonly H: Tensor;
    /** The last two dimensions transposed (x.mT). */
    readonly mT: Tensor;
    /** Conjugate transpose of the last two dimensions (x.mH). */
    readonly mH: Tensor;
    /** Tensor.norm: see torch.norm. */
    norm(p?: number | string | null, dim?: number | number[] | null, keepdim?: boolean, options?: { dtype?: D.dtype | null }): Tensor;
    norm(options: { p?: number | string | null; dim?: number | number[] | null; keepdim?: boolean; dtype?: D.dtype | null }): Tensor;
    /** Tensor.unique: see torch.unique. */
    unique(options?: UniqueOptions): Tensor | Tensor[];
    unique(sorted: boolean, return_inverse?: boolean, return_counts?: boolean, dim?: number | null): Tensor | Tensor[];
    /** Tensor.unique_consecutive: see torch.unique_consecutive. */
    unique_consecutive(options?: UniqueConsecutiveOptions): Tensor | Tensor[];
    unique_consecutive(return_inverse: boolean, return_counts?: boolean, dim?: number | null): Tensor | Tensor[];
    /** Tensor.nonzero: see torch.nonzero. */
    nonzero(options?: { as_tuple?: boolean }): Tensor | Tensor[];
    /** Tensor.lu: see torch.lu. */
    lu(pivot?: boolean | LuOptions, get_infos?: boolean): Tensor[];
    /** Python's reflected operators, as methods: x.__rsub__(other) is other - x. */
    __radd__(other: Tensor | Scalar): Tensor;
    __rmul__(other: Tensor | Scalar): Tensor;
    __rsub__(other: Tensor | Scalar): Tensor;
    __rdiv__(other: Tensor | Scalar): Tensor;
    __rtruediv__(other: Tensor | Scalar): Tensor;
    __rfloordiv__(other: Tensor | Scalar): Tensor;
    __rmod__(other: Tensor | Scalar): Tensor;
    __rpow__(other: Tensor | Scalar): Tensor;
    __rmatmul__(other: Tensor): Tensor;
    __rand__(other: Tensor | Scalar): Tensor;
    __ror__(other: Tensor | Scalar): Tensor;
    __rxor__(other: Tensor | Scalar): Tensor;
    __rlshift__(other: Tensor | Scalar): Tensor;
    __rrshift__(other: Tensor | Scalar): Tensor;
    /** The real part (a view for complex tensors; the tensor itself otherwise). */
    readonly real: Tensor;
    /** The imaginary part of a complex tensor (a view). */
    readonly imag: Tensor;
  }
}

const conversions: Record<string, D.dtype> = {
  float: D.float32,
  double: D.float64,
  half: D.float16,
  bfloat16: D.bfloat16,
  int: D.int32,
  long: D.int64,
  short: D.int16,
  bool: D.bool,
  byte: D.uint8,
  char: D.int8,
  cfloat: D.complex64,
  cdouble: D.complex128,
};

const TO_KEYS = new Set(['dtype', 'device', 'non_blocking', 'copy', 'memory_format']);
const TO_SIGNATURES =
  ' * (torch.device device = None, torch.dtype dtype = None, bool non_blocking = False, bool copy = False, *, torch.memory_format memory_format = None)\n' +
  ' * (torch.dtype dtype, bool non_blocking = False, bool copy = False, *, torch.memory_format memory_format = None)\n' +
  ' * (Tensor tensor, bool non_blocking = False, bool copy = False, *, torch.memory_format memory_format = None)';

/** Python's Tensor.to() argument parsing, over the generated native to(). */
function to(this: Tensor, ...args: unknown[]): Tensor {
  let k = args.length;
  while (k > 0 && args[k - 1] === undefined) k--;
  let o: Opts = {};
  if (k > 0 && isOpts(args[k - 1])) o = args[--k] as Opts;
  const bad = (): never => {
    throw new TypeError(`to() received an invalid combination of arguments, expected one of:\n${TO_SIGNATURES}`);
  };
  for (const key of Object.keys(o)) if (!TO_KEYS.has(key)) bad();
  let dtype: unknown = o.dtype;
  let dev: unknown = o.device;
  let i = 0;
  const first = args[0];
  if (k > 0 && first instanceof Tensor) {
    dtype = first.dtype;
    dev = first.device;
    i = 1;
  } else if (k > 0 && first instanceof D.dtype) {
    dtype = first;
    i = 1;
  } else if (k > 0 && (typeof first === 'string' || first instanceof device || first === null)) {
    dev = first;
    i = 1;
    if (k > 1 && (args[1] instanceof D.dtype || args[1] === null)) {
      dtype = args[1];
      i = 2;
    }
  }
  const nonBlocking = i < k ? args[i++] : o.non_blocking;
  const copy = i < k ? args[i++] : o.copy;
  if (i < k) bad();
  if (dtype != null && !(dtype instanceof D.dtype)) bad();
  if (nonBlocking !== undefined && typeof nonBlocking !== 'boolean') bad();
  if (copy !== undefined && typeof copy !== 'boolean') bad();
  const mfmt = o.memory_format;
  if (mfmt != null && !(mfmt instanceof memory_format)) bad();
  const target = dev == null ? null : toDevice(dev);
  if (target !== null && target.type === 'cuda') native.cudaLazyInit(); // as Python: CUDA's own error first
  const h = native.op_to(
    OVERLOADS_to.dtype_layout,
    this._h,
    dtype == null ? null : (dtype as D.dtype).code,
    null,
    target === null ? null : target.code,
    null,
    (nonBlocking as boolean | undefined) ?? false,
    (copy as boolean | undefined) ?? false,
    mfmt == null ? null : (mfmt as memory_format).code,
  ) as number | null;
  return h === null ? this : wrap(h); // null: nothing changed, and Python returns the tensor itself
}

type Binary = (a: unknown, b: unknown) => Tensor;
/** Python's reflected operators (torch/_tensor.py, python_variable_methods.cpp): x.__rop__(other) is
 *  op(x, other) for the commutative ones, op(other, x) for the others. */
const REFLECTED: Record<string, [op: unknown, swap: boolean]> = {
  __radd__: [F.add, false],
  __rmul__: [F.mul, false],
  __rsub__: [F.rsub, false],
  __rand__: [F.bitwise_and, false],
  __ror__: [F.bitwise_or, false],
  __rxor__: [F.bitwise_xor, false],
  __rfloordiv__: [F.floor_divide, true],
  __rmod__: [F.remainder, true],
  __rpow__: [F.pow, true],
  __rmatmul__: [F.matmul, true],
  __rlshift__: [F.bitwise_left_shift, true],
  __rrshift__: [F.bitwise_right_shift, true],
};

/** Tensor.__rdiv__ / __rtruediv__: other / x, as Python computes it (x.reciprocal() * other). */
function rdiv(this: Tensor, other: unknown): Tensor {
  return (this.reciprocal().mul as (...a: unknown[]) => Tensor)(other);
}

export function installPythonMethods(proto: Tensor): void {
  for (const [name, dt] of Object.entries(conversions)) {
    Object.defineProperty(proto, name, {
      value: function (this: Tensor): Tensor {
        return this.to(dt);
      },
      writable: true,
      configurable: true,
    });
  }
  Object.assign(proto, {
    to,
    norm(this: Tensor, ...args: unknown[]): Tensor {
      return (functional.norm as (...a: unknown[]) => Tensor)(this, ...args);
    },
    unique(this: Tensor, ...args: unknown[]): Tensor | Tensor[] {
      return (functional.unique as (...a: unknown[]) => Tensor | Tensor[])(this, ...args);
    },
    unique_consecutive(this: Tensor, ...args: unknown[]): Tensor | Tensor[] {
      return (functional.unique_consecutive as (...a: unknown[]) => Tensor | Tensor[])(this, ...args);
    },
    nonzero(this: Tensor, options?: { as_tuple?: boolean }): Tensor | Tensor[] {
      return functional.nonzero(this, { as_tuple: options?.as_tuple ?? false });
    },
    lu(this: Tensor, ...args: unknown[]): Tensor[] {
      return (functional.lu as (...a: unknown[]) => Tensor[])(this, ...args);
    },
    cpu(this: Tensor): Tensor {
      return this.to('cpu');
    },
    pin_memory(this: Tensor): Tensor {
      return wrap(native.pinMemory(this._h));
    },
    is_pinned(this: Tensor): boolean {
      return native.isPinned(this._h);
    },
    data_ptr(this: Tensor): number {
      return native.dataPtr(this._h);
    },
    get_device(this: Tensor): number {
      const d = this.device;
      return d.type === 'cpu' ? -1 : (d.index ?? 0);
    },
    share_memory_(this: Tensor): Tensor {
      return this;
    },
    cuda(this: Tensor, dev?: DeviceLike | number | null, options?: { non_blocking?: boolean }): Tensor {
      const target = dev === undefined || dev === null ? new device('cuda') : toDevice(dev);
      if (target.type !== 'cuda') throw new TorchError(`Invalid device, must be cuda device`);
      return this.to(target, { non_blocking: options?.non_blocking ?? false });
    },
  });
  for (const [name, [op, swap]] of Object.entries(REFLECTED)) {
    Object.defineProperty(proto, name, {
      value: function (this: Tensor, other: unknown): Tensor {
        return swap ? (op as Binary)(other, this) : (op as Binary)(this, other);
      },
      writable: true,
      configurable: true,
    });
  }
  Object.assign(proto, { __rdiv__: rdiv, __rtruediv__: rdiv });
  const getters: Record<string, (this: Tensor) => Tensor> = {
    T(this: Tensor) {
      const n = this.dim();
      return this.permute(Array.from({ length: n }, (_, i) => n - 1 - i));
    },
    H(this: Tensor) {
      if (this.dim() !== 2 && this.dim() !== 0) {
        throw new TorchError(`tensor.H is only supported on matrices (2-D tensors). Got ${this.dim()}-D tensor.`);
      }
      return this.dim() === 0 ? this : this.adjoint();
    },
    mT(this: Tensor) {
      if (this.dim() < 2) {
        throw new TorchError(`tensor.mT is only supported on matrices or batches of matrices. Got ${this.dim()}-D tensor.`);
      }
      return this.transpose(-2, -1);
    },
    mH(this: Tensor) {
      if (this.dim() < 2) {
        throw new TorchError(`tensor.mH is only supported on matrices or batches of matrices. Got ${this.dim()}-D tensor.`);
      }
      return this.adjoint();
    },
    real(this: Tensor) {
      return F.real(this);
    },
    imag(this: Tensor) {
      return F.imag(this);
    },
  };
  for (const [name, get] of Object.entries(getters)) {
    Object.defineProperty(proto, name, { get, configurable: true });
  }
}
