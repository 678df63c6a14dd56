// torch.Size: a tensor's shape, an array of numbers that prints as PyTorch prints it (`torch.Size([3, 4])`).
// Returned by Tensor.shape and Tensor.size(); usable wherever a list of sizes is taken.
import { ValueError } from '../errors';

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

export class Size extends Array<number> {
  /** torch.Size(sizes): from any iterable of non-negative integers (a number argument is the Array protocol's
   *  length, used by map/filter/slice, as for any Array subclass). */
  constructor(sizes?: Iterable<number> | number) {
    if (typeof sizes === 'number') {
      super(sizes);
      return;
    }
    super();
    if (sizes === undefined) return;
    if (sizes === null || typeof (sizes as Iterable<number>)[Symbol.iterator] !== 'function') {
      throw new TypeError(`'${sizes === null ? 'NoneType' : typeof sizes}' object is not iterable`);
    }
    for (const s of sizes) {
      if (typeof s !== 'number' || !Number.isInteger(s)) {
        throw new TypeError(`torch.Size() takes an iterable of 'int' (item ${this.length} is '${typeof s === 'number' ? 'float' : typeof s}')`);
      }
      if (s < 0) throw new ValueError(`torch.Size() takes an iterable of non-negative ints, got ${s}`);
      this.push(s);
    }
  }
  /** The number of elements a tensor of this size has. */
  numel(): number {
    let n = 1;
    for (let i = 0; i < this.length; i++) n *= this[i];
    return n;
  }
  override toString(): string {
    return `torch.Size([${this.join(', ')}])`;
  }
  [inspectCustom](): string {
    return this.toString();
  }
}

/** @internal A Size holding the numbers of a plain array (from native code). */
export function sizeOf(a: number[]): Size {
  const s = new Size(a.length);
  for (let i = 0; i < a.length; i++) s[i] = a[i];
  return s;
}
