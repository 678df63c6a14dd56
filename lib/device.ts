// torch.device. `code` is the encoding shared with native code: type * 65536 + index + 1.
import { describe } from './dtype';
import { native } from './native/binding';

const TYPES = ['cpu', 'cuda', 'mkldnn', 'opengl', 'opencl', 'ideep', 'hip', 'fpga', 'maia', 'xla', 'vulkan', 'metal',
  'xpu', 'mps', 'meta'] as const;

export class device {
  readonly type: string;
  readonly index: number | null;
  /** @internal */ readonly code: number;

  constructor(spec: string | device, index?: number) {
    if (spec instanceof device) {
      this.code = spec.code;
    } else if (typeof spec === 'string') {
      // c10::Device parses the string, so the error messages are PyTorch's own.
      this.code = native.parseDevice(spec, index ?? -1);
    } else {
      throw new TypeError(`device() received an invalid combination of arguments - got (${describe(spec)})`);
    }
    this.type = TYPES[this.code >> 16] ?? 'unknown';
    this.index = (this.code & 0xffff) === 0 ? null : (this.code & 0xffff) - 1;
    Object.freeze(this);
  }

  /** 'cpu', 'cuda:0', ... (str(device) in Python) */
  toString(): string {
    return this.index === null ? this.type : `${this.type}:${this.index}`;
  }
  /** device(type='cuda', index=0) (repr(device) in Python) */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.index === null ? `device(type='${this.type}')` : `device(type='${this.type}', index=${this.index})`;
  }
  equals(other: DeviceLike): boolean {
    const o = toDevice(other);
    return o.type === this.type && o.index === this.index;
  }
}

export type DeviceLike = device | string;

const cache = new Map<number, device>();
const byString = new Map<string, device>();
/** @internal */
export function deviceFromCode(code: number): device {
  let d = cache.get(code);
  if (d === undefined) {
    const type = TYPES[code >> 16];
    const index = (code & 0xffff) - 1;
    d = new device(index >= 0 ? `${type}:${index}` : type);
    cache.set(code, d);
  }
  return d;
}

export function toDevice(d: unknown, what = 'device'): device {
  if (d instanceof device) return d;
  if (typeof d === 'string') {
    let r = byString.get(d);
    if (r === undefined) {
      r = new device(d);
      byString.set(d, r);
    }
    return r;
  }
  if (typeof d === 'number' && Number.isInteger(d) && d >= 0) return new device('cuda', d);
  throw new TypeError(`${what} must be a torch.device or a string like 'cuda:0', not ${describe(d)}`);
}

/** @internal native code for an optional device argument */
export function deviceCode(d: unknown, what = 'device'): number {
  return d === undefined || d === null ? -1 : toDevice(d, what).code;
}

let defaultDevice: device | null = null;

/** torch.set_default_device(device): the device of tensors made by factories that take no tensor (zeros, ones,
 *  rand, arange, eye, full, tensor, ...) when no device is given; null (or 'cpu') restores the CPU. */
export function set_default_device(dev: DeviceLike | null): void {
  defaultDevice = dev === null || dev === undefined ? null : toDevice(dev);
  if (defaultDevice !== null && defaultDevice.type === 'cpu' && defaultDevice.index === null) defaultDevice = null;
}
/** torch.get_default_device(): the device set_default_device chose (cpu by default). */
export function get_default_device(): device {
  return defaultDevice ?? toDevice('cpu');
}
/** @internal the default device's code, or null for the CPU */
export function defaultDeviceCode(): number | null {
  return defaultDevice === null ? null : defaultDevice.code;
}
