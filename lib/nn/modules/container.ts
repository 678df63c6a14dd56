// Containers, after PyTorch's torch/nn/modules/container.py: Sequential, ModuleList, ModuleDict, ParameterList,
// ParameterDict. Python's `seq[i]`, `seq[1:3]`, `len(seq)`, `del seq[i]`, `key in d` are __getitem__ (also `at`),
// __len__, __delitem__, __contains__; non-negative indices and keys also read as properties (`seq[0]`,
// `dict.fc`), and iteration is JavaScript's (`for (const m of seq)`).
import { Tensor } from '../../tensor/tensor';
import { Parameter } from '../parameter';
import { isOpts } from '../../tensor/args';
import type { Slice } from '../../tensor/indexing';
import { AssertionError, AttributeError, IndexError, KeyError, TorchError, ValueError, pyTypeName } from '../../errors';
import { warn as warnDeprecatedRaw } from '../../warnings';
import { Module, absIndex, asSlice, sliceIndices, typename } from '../module';

/** An index into a list-like container: an integer (negative counts from the end) or a slice. */
export type ContainerIndex = number | string | Slice;

type Attrs = Record<string, unknown>;

/** container.py's _addindent: indents every line after the first (blank ones too). */
function addindent(s: string, numSpaces: number): string {
  const lines = s.split('\n');
  if (lines.length === 1) return s;
  const first = lines.shift()!;
  return `${first}\n${lines.map((l) => ' '.repeat(numSpaces) + l).join('\n')}`;
}

/** A Python Mapping given to a constructor or update(): a Map or a plain object (in its key order). */
function mappingEntries<V>(m: unknown): [string, V][] | null {
  if (m instanceof Map) return [...m] as [string, V][];
  if (m instanceof ModuleDict) return m.items() as [string, V][];
  if (m instanceof ParameterDict) return m.items() as [string, V][];
  if (isOpts(m)) return Object.entries(m as object) as [string, V][];
  return null;
}

function isIterable(v: unknown): v is Iterable<unknown> {
  return v !== null && v !== undefined && typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}

/** ModuleDict/ParameterDict.update from an iterable of [key, value] pairs, with Python's checks and messages. */
function updateFromPairs(cls: string, pairs: unknown, set: (key: string, value: unknown) => void): void {
  if (!isIterable(pairs)) {
    const what = cls === 'ParameterDict' ? 'ParametersDict' : cls; // (sic, PyTorch's)
    throw new TypeError(`${what}.update should be called with an iterable of key/value pairs, but got ${typename(pairs)}`);
  }
  let j = 0;
  for (const p of pairs) {
    if (!isIterable(p)) throw new TypeError(`${cls} update sequence element #${j} should be Iterable; is${typename(p)}`);
    const pair = [...p];
    if (pair.length !== 2) throw new ValueError(`${cls} update sequence element #${j} has length ${pair.length}; 2 is required`);
    set(pair[0] as string, pair[1]);
    j++;
  }
}

/** Re-keys a list-like container's modules "0", "1", ... after a deletion (Python rebuilds _modules). */
function renumber(m: Module): void {
  const values = [...m._modules.values()];
  m._modules.clear();
  values.forEach((v, i) => m._modules.set(String(i), v));
}

// ---- Container (deprecated) ---------------------------------------------------------------------------------------

const warnDeprecated = (msg: string): void => warnDeprecatedRaw(msg, 'FutureWarning');

/** nn.Container(**kwargs): deprecated (a FutureWarning); a Module with the given named children. Subclass
 *  nn.Module instead. */
export class Container extends Module {
  constructor(kwargs: Record<string, Module> = {}) {
    warnDeprecated("`nn.Container` is deprecated. All of it's functionality is now implemented in `nn.Module`. Subclass that instead.");
    super();
    for (const [key, value] of Object.entries(kwargs)) this.add_module(key, value);
  }
}

// ---- Sequential --------------------------------------------------------------------------------------------------

/** Modules applied in order: `new nn.Sequential(a, b, c)`, or from named entries
 *  (`new nn.Sequential(new Map([['fc', ...], ['act', ...]]))` or a plain object). forward passes its input through
 *  each module in turn. */
export class Sequential extends Module {
  constructor(...args: Module[]);
  constructor(named: Map<string, Module> | Record<string, Module>);
  constructor(...args: unknown[]) {
    super();
    const named = args.length === 1 && !(args[0] instanceof Module) ? mappingEntries<Module>(args[0]) : null;
    if (named !== null) for (const [key, module] of named) this.add_module(key, module);
    else args.forEach((module, idx) => this.add_module(String(idx), module as Module));
  }

  private _get_item_by_idx<V>(values: Iterable<V>, idx: number): V {
    return [...values][absIndex(idx, this.__len__())];
  }

  /** seq[idx]: the module at idx (negative from the end), or a Sequential of a slice ('1:3', torch.slice(...)). */
  __getitem__(idx: number): Module;
  __getitem__(idx: string | Slice): this;
  __getitem__(idx: ContainerIndex): Module | this {
    const s = asSlice(idx);
    if (s !== null) {
      const items = [...this._modules] as [string, Module][];
      const Ctor = this.constructor as new (named: Map<string, Module>) => this;
      return new Ctor(new Map(sliceIndices(s, items.length).map((i) => items[i])));
    }
    return this._get_item_by_idx(this._modules.values(), idx as number) as Module;
  }
  /** Alias of __getitem__ (as Tensor.at is x[...]). */
  at(idx: number): Module;
  at(idx: string | Slice): this;
  at(idx: ContainerIndex): Module | this {
    return this.__getitem__(idx as number);
  }
  /** seq[idx] = module */
  __setitem__(idx: number, module: Module): void {
    const key = this._get_item_by_idx(this._modules.keys(), idx);
    (this as unknown as Attrs)[key] = module;
  }
  /** del seq[idx] (an index or a slice); the remaining modules are renumbered from "0". */
  __delitem__(idx: ContainerIndex): void {
    const s = asSlice(idx);
    if (s !== null) {
      const keys = [...this._modules.keys()];
      for (const i of sliceIndices(s, keys.length)) delete (this as unknown as Attrs)[keys[i]];
    } else {
      delete (this as unknown as Attrs)[this._get_item_by_idx(this._modules.keys(), idx as number)];
    }
    renumber(this);
  }
  __len__(): number {
    return this._modules.size;
  }
  /** seq + other: a new Sequential of both's modules. */
  __add__(other: Sequential): Sequential {
    if (!(other instanceof Sequential)) {
      throw new ValueError(`add operator supports only objects of Sequential class, but ${pyClassName(other)} is given.`);
    }
    const ret = new Sequential();
    for (const layer of this) ret.append(layer);
    for (const layer of other) ret.append(layer);
    return ret;
  }
  /** Removes and returns the module at key. */
  pop(key: number | string | Slice): Module | this {
    const v = this.__getitem__(key as number);
    this.__delitem__(key);
    return v;
  }
  /** seq += other */
  __iadd__(other: Sequential): this {
    if (!(other instanceof Sequential)) {
      throw new ValueError(`add operator supports only objects of Sequential class, but ${pyClassName(other)} is given.`);
    }
    const offset = this.__len__();
    [...other].forEach((module, i) => this.add_module(String(i + offset), module));
    return this;
  }
  /** seq * n: a Sequential of the modules repeated n times (the same module objects). */
  __mul__(other: number): Sequential {
    checkFactor(other, this);
    const combined = new Sequential();
    let offset = 0;
    for (let r = 0; r < other; r++) {
      for (const module of this) combined.add_module(String(offset++), module);
    }
    return combined;
  }
  __rmul__(other: number): Sequential {
    return this.__mul__(other);
  }
  /** seq *= n */
  __imul__(other: number): this {
    checkFactor(other, this);
    const len_original = this.__len__();
    let offset = len_original;
    for (let r = 0; r < other - 1; r++) {
      for (let i = 0; i < len_original; i++) {
        if (!this._modules.has(String(i))) throw new KeyError(String(i)); // (Python's, for named entries)
        this.add_module(String(i + offset), this._modules.get(String(i))!);
      }
      offset += len_original;
    }
    return this;
  }
  *[Symbol.iterator](): Iterator<Module> {
    for (const m of [...this._modules.values()]) yield m as Module;
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override forward(input: any): any {
    for (const module of this) input = module(input);
    return input;
  }
  /** Appends a module at the end. */
  append(module: Module): this {
    this.add_module(String(this.__len__()), module);
    return this;
  }
  /** Inserts a module before index. */
  insert(index: number, module: Module): this {
    if (!(module instanceof Module)) throw new AssertionError("module should be of type: <class 'torch.nn.modules.module.Module'>");
    const n = this._modules.size;
    if (!(-n <= index && index <= n)) throw new IndexError(`Index out of range: ${index}`);
    if (index < 0) index += n;
    for (let i = n; i > index; i--) this._modules.set(String(i), this._modules.get(String(i - 1))!);
    this._modules.set(String(index), module);
    return this;
  }
  /** Appends every module of an iterable. */
  extend(sequential: Iterable<Module>): this {
    for (const layer of sequential) this.append(layer);
    return this;
  }
}

function pyClassName(v: unknown): string {
  return `<class '${v instanceof Module ? v.constructor.name : pyTypeName(v)}'>`;
}

function checkFactor(other: unknown, self: Module): asserts other is number {
  if (typeof other !== 'number' || !Number.isInteger(other)) {
    throw new TypeError(`unsupported operand type(s) for *: ${pyClassName(self)} and ${pyClassName(other)}`);
  }
  if (other <= 0) throw new ValueError(`Non-positive multiplication factor ${other} for ${pyClassName(self)}`);
}

// ---- ModuleList --------------------------------------------------------------------------------------------------

/** A list of submodules (registered, so their parameters are the list's). */
export class ModuleList extends Module {
  constructor(modules?: Iterable<Module> | null) {
    super();
    if (modules !== undefined && modules !== null) this.extend(modules);
  }
  private _get_abs_string_index(idx: number): string {
    return String(absIndex(idx, this.__len__()));
  }
  /** list[idx]: the module at idx, or a ModuleList of a slice. */
  __getitem__(idx: number): Module;
  __getitem__(idx: string | Slice): this;
  __getitem__(idx: ContainerIndex): Module | this {
    const s = asSlice(idx);
    if (s !== null) {
      const values = [...this._modules.values()] as Module[];
      const Ctor = this.constructor as new (modules: Module[]) => this;
      return new Ctor(sliceIndices(s, values.length).map((i) => values[i]));
    }
    return this._modules.get(this._get_abs_string_index(idx as number)) as Module;
  }
  /** Alias of __getitem__. */
  at(idx: number): Module;
  at(idx: string | Slice): this;
  at(idx: ContainerIndex): Module | this {
    return this.__getitem__(idx as number);
  }
  __setitem__(idx: number, module: Module): void {
    (this as unknown as Attrs)[this._get_abs_string_index(idx)] = module;
  }
  __delitem__(idx: ContainerIndex): void {
    const s = asSlice(idx);
    if (s !== null) {
      for (const k of sliceIndices(s, this._modules.size)) delete (this as unknown as Attrs)[String(k)];
    } else {
      delete (this as unknown as Attrs)[this._get_abs_string_index(idx as number)];
    }
    renumber(this);
  }
  __len__(): number {
    return this._modules.size;
  }
  *[Symbol.iterator](): Iterator<Module> {
    for (const m of [...this._modules.values()]) yield m as Module;
  }
  __iadd__(modules: Iterable<Module>): this {
    return this.extend(modules);
  }
  __add__(other: Iterable<Module>): ModuleList {
    const combined = new ModuleList();
    let i = 0;
    for (const module of [...this, ...other]) combined.add_module(String(i++), module);
    return combined;
  }
  /** PyTorch's repr, which folds runs of equal children: `(0-2): 3 x Linear(...)`. */
  override toString(): string {
    const list_of_reprs = [...this].map((item) => item.toString());
    if (list_of_reprs.length === 0) return `${this._get_name()}()`;
    const start_end_indices: [number, number][] = [[0, 0]];
    const repeated_blocks = [list_of_reprs[0]];
    for (let i = 1; i < list_of_reprs.length; i++) {
      const r = list_of_reprs[i];
      if (r === repeated_blocks[repeated_blocks.length - 1]) {
        start_end_indices[start_end_indices.length - 1][1] += 1;
        continue;
      }
      start_end_indices.push([i, i]);
      repeated_blocks.push(r);
    }
    const lines = start_end_indices.map(([start_id, end_id], k) => {
      const b = repeated_blocks[k];
      const local_repr = start_id !== end_id ? `(${start_id}-${end_id}): ${end_id - start_id + 1} x ${b}` : `(${start_id}): ${b}`;
      return addindent(local_repr, 2);
    });
    return `${this._get_name()}(\n  ${lines.join('\n  ')}\n)`;
  }
  /** Inserts a module before index (as Python, a negative index is not wrapped). */
  insert(index: number, module: Module): void {
    for (let i = this._modules.size; i > index; i--) this._modules.set(String(i), this._modules.get(String(i - 1))!);
    this._modules.set(String(index), module);
  }
  append(module: Module): this {
    this.add_module(String(this.__len__()), module);
    return this;
  }
  pop(key: number | string | Slice): Module | this {
    const v = this.__getitem__(key as number);
    this.__delitem__(key);
    return v;
  }
  /** Appends every module of an iterable. */
  extend(modules: Iterable<Module>): this {
    if (!isIterable(modules)) {
      throw new TypeError(`ModuleList.extend should be called with an iterable, but got ${typename(modules)}`);
    }
    const offset = this.__len__();
    let i = 0;
    for (const module of modules) this.add_module(String(offset + i++), module);
    return this;
  }
}

// ---- ModuleDict --------------------------------------------------------------------------------------------------

/** Submodules by name, in insertion order. */
export class ModuleDict extends Module {
  constructor(modules?: Map<string, Module> | Record<string, Module> | Iterable<[string, Module]> | null) {
    super();
    if (modules !== undefined && modules !== null) this.update(modules);
  }
  __getitem__(key: string): Module {
    if (!this._modules.has(key)) throw new KeyError(key);
    return this._modules.get(key) as Module;
  }
  __setitem__(key: string, module: Module): void {
    this.add_module(key, module);
  }
  __delitem__(key: string): void {
    if (!this._modules.delete(key)) throw new KeyError(key);
  }
  __len__(): number {
    return this._modules.size;
  }
  /** Iterates over the keys, as Python's dict. */
  *[Symbol.iterator](): Iterator<string> {
    yield* [...this._modules.keys()];
  }
  __contains__(key: string): boolean {
    return this._modules.has(key);
  }
  clear(): void {
    this._modules.clear();
  }
  pop(key: string): Module {
    const v = this.__getitem__(key);
    this.__delitem__(key);
    return v;
  }
  keys(): string[] {
    return [...this._modules.keys()];
  }
  items(): [string, Module][] {
    return [...this._modules] as [string, Module][];
  }
  values(): Module[] {
    return [...this._modules.values()] as Module[];
  }
  /** Adds or replaces modules from a Map, a plain object, a ModuleDict, or an iterable of [key, module] pairs. */
  update(modules: Map<string, Module> | Record<string, Module> | Iterable<[string, Module]>): void {
    const entries = mappingEntries<Module>(modules);
    if (entries !== null) {
      for (const [key, module] of entries) this.__setitem__(key, module);
      return;
    }
    updateFromPairs('ModuleDict', modules, (key, value) => this.__setitem__(key, value as Module));
  }
}

// ---- ParameterList -----------------------------------------------------------------------------------------------

/** Describes a held value as ParameterList/ParameterDict print it. */
function describeEntry(k: string | number, p: unknown, typeName: (t: Tensor) => string): string {
  if (p instanceof Tensor) {
    const size_str = p.shape.join('x');
    const device_str = p.device.type === 'cuda' ? ` (${p.device})` : '';
    return `  (${k}): ${p instanceof Parameter ? 'Parameter' : 'Tensor'} containing: [${typeName(p)} of size ${size_str}${device_str}]`;
  }
  return `  (${k}): Object of type: ${typename(p)}`;
}

/** A list of parameters (a tensor given to it becomes a Parameter); other values are stored as they are. */
export class ParameterList extends Module {
  declare _size: number;
  constructor(values?: Iterable<unknown> | null) {
    super();
    this._size = 0;
    if (values !== undefined && values !== null) this.extend(values);
  }
  private _get_abs_string_index(idx: number): string {
    return String(absIndex(idx, this.__len__()));
  }
  /** list[idx]: the value at idx, or a ParameterList of a slice. */
  __getitem__(idx: number): Parameter;
  __getitem__(idx: string | Slice): this;
  __getitem__(idx: ContainerIndex): unknown {
    const s = asSlice(idx);
    if (s !== null) {
      const out = new (this.constructor as new () => this)();
      for (const i of sliceIndices(s, this.__len__())) out.append(this.__getitem__(i));
      return out;
    }
    return (this as unknown as Attrs)[this._get_abs_string_index(idx as number)];
  }
  /** Alias of __getitem__. */
  at(idx: number): Parameter;
  at(idx: string | Slice): this;
  at(idx: ContainerIndex): unknown {
    return this.__getitem__(idx as number);
  }
  __setitem__(idx: number, param: unknown): void {
    const key = this._get_abs_string_index(idx);
    if (param instanceof Tensor && !(param instanceof Parameter)) param = new Parameter(param);
    (this as unknown as Attrs)[key] = param;
  }
  __len__(): number {
    return this._size;
  }
  *[Symbol.iterator](): Iterator<Parameter> {
    const n = this.__len__();
    for (let i = 0; i < n; i++) yield this.__getitem__(i);
  }
  __iadd__(parameters: Iterable<unknown>): this {
    return this.extend(parameters);
  }
  /** Appends a value (a tensor becomes a Parameter). */
  append(value: unknown): this {
    const new_idx = this.__len__();
    this._size += 1;
    this.__setitem__(new_idx, value);
    return this;
  }
  /** Appends every value of an iterable. */
  extend(values: Iterable<unknown>): this {
    if (!isIterable(values) || values instanceof Tensor) {
      throw new TypeError(`ParameterList.extend should be called with an iterable, but got ${typename(values)}`);
    }
    for (const value of values) this.append(value);
    return this;
  }
  override extra_repr(): string {
    return [...this].map((p, k) => describeEntry(k, p, (t) => t.dtype.toString())).join('\n');
  }
  override forward(): never {
    throw new TorchError('ParameterList should not be called.');
  }
}

// ---- ParameterDict -----------------------------------------------------------------------------------------------

/** Parameters by name, in insertion order (a tensor given to it becomes a Parameter). */
export class ParameterDict extends Module {
  declare _keys: Map<string, null>;
  constructor(parameters?: Map<string, unknown> | Record<string, unknown> | Iterable<[string, unknown]> | null) {
    super();
    this._keys = new Map();
    if (parameters !== undefined && parameters !== null) this.update(parameters);
  }
  private _key_to_attr(key: string): string {
    if (typeof key !== 'string') {
      throw new TypeError(
        `Index given to ParameterDict cannot be used as a key as it is not a string (type is '${typename(key)}'). Open an issue on github if you need non-string keys.`,
      );
    }
    return key;
  }
  __getitem__(key: string): Parameter {
    const attr = this._key_to_attr(key);
    if (!(attr in this)) throw new AttributeError(`'${this.constructor.name}' object has no attribute '${attr}'`);
    return (this as unknown as Record<string, Parameter>)[attr];
  }
  __setitem__(key: string, value: unknown): void {
    this._keys.set(key, null);
    const attr = this._key_to_attr(key);
    if (value instanceof Tensor && !(value instanceof Parameter)) value = new Parameter(value);
    (this as unknown as Attrs)[attr] = value;
  }
  __delitem__(key: string): void {
    if (!this._keys.delete(key)) throw new KeyError(key);
    delete (this as unknown as Attrs)[this._key_to_attr(key)];
  }
  __len__(): number {
    return this._keys.size;
  }
  /** Iterates over the keys, as Python's dict. */
  *[Symbol.iterator](): Iterator<string> {
    yield* [...this._keys.keys()];
  }
  __reversed__(): string[] {
    return [...this._keys.keys()].reverse();
  }
  copy(): ParameterDict {
    return new ParameterDict(new Map(this.items()));
  }
  __contains__(key: string): boolean {
    return this._keys.has(key);
  }
  setdefault(key: string, default_: unknown = null): unknown {
    if (!this.__contains__(key)) this.__setitem__(key, default_);
    return this.__getitem__(key);
  }
  clear(): void {
    for (const k of [...this._keys.keys()]) this.__delitem__(k);
  }
  pop(key: string): unknown {
    const v = this.__getitem__(key);
    this.__delitem__(key);
    return v;
  }
  /** Removes and returns the last inserted [key, value]. */
  popitem(): [string, unknown] {
    const keys = [...this._keys.keys()];
    if (keys.length === 0) throw new KeyError('popitem(): dictionary is empty');
    const k = keys[keys.length - 1];
    const val = this.__getitem__(k);
    this.__delitem__(k);
    return [k, val];
  }
  get(key: string, default_: unknown = null): unknown {
    return this.__contains__(key) ? this.__getitem__(key) : default_;
  }
  fromkeys(keys: Iterable<string>, default_: unknown = null): ParameterDict {
    return new ParameterDict([...keys].map((k) => [k, default_] as [string, unknown]));
  }
  keys(): string[] {
    return [...this._keys.keys()];
  }
  items(): [string, unknown][] {
    return this.keys().map((k) => [k, this.__getitem__(k)]);
  }
  values(): unknown[] {
    return this.keys().map((k) => this.__getitem__(k));
  }
  /** Adds or replaces entries: from a Map or a ParameterDict in its order, from a plain object (Python's dict) in
   *  sorted key order as Python does, or from an iterable of [key, value] pairs. */
  update(parameters: Map<string, unknown> | Record<string, unknown> | Iterable<[string, unknown]> | ParameterDict): void {
    if (parameters instanceof Map || parameters instanceof ParameterDict) {
      for (const [key, parameter] of mappingEntries<unknown>(parameters)!) this.__setitem__(key, parameter);
    } else if (isOpts(parameters)) {
      const entries = Object.entries(parameters as object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      for (const [key, parameter] of entries) this.__setitem__(key, parameter);
    } else {
      updateFromPairs('ParameterDict', parameters, (key, value) => this.__setitem__(key, value));
    }
  }
  override extra_repr(): string {
    return this.items().map(([k, p]) => describeEntry(k, p, typename)).join('\n');
  }
  override forward(): never {
    throw new TorchError('ParameterDict should not be called.');
  }
  /** self | other: a copy updated with other. */
  __or__(other: ParameterDict): ParameterDict {
    const copy = this.copy();
    copy.update(other);
    return copy;
  }
  __ror__(other: ParameterDict): ParameterDict {
    const copy = other.copy();
    copy.update(this);
    return copy;
  }
  __ior__(other: ParameterDict): this {
    this.update(other);
    return this;
  }
}
