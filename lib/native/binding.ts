// The ONLY module that loads the native addon. Everything else in lib/ sees it through the typed `native` below.
import { constants as bufferConstants } from 'buffer';
import * as fs from 'fs';
import * as path from 'path';

import { nativeErrorClasses } from '../errors';
import type { NativeOps } from '../generated/native_ops';

/** A tensor handle: a small positive integer naming a slot of the native tensor table. 0 = no tensor. */
export type Handle = number;
/** Encoded c10::ScalarType; -1 = not given. */
export type DtypeCode = number;
/** Encoded device (type * 65536 + index + 1); -1 = not given. */
export type DeviceCode = number;

/** A CUDA stream as native code names it: [stream id, device index, device type]. */
export type CudaStreamData = [bigint, number, number];

export interface MemoryStats {
  live: number;
  peak: number;
  created: number;
  unscoped: number;
  externalBytes: number;
  collected: number;
  sweeps: number;
  depth: number;
}

export interface NativeConfig {
  torchVersion: string;
  cxx11Abi: boolean;
  libtorchDir: string;
  napiVersion: number;
  cudaCompiled: boolean;
}

/** The TypedArrays that cross the native boundary (tensor data in and out). */
export type TypedArrayLike =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/** What a JS callback of the autograd engine returns: a Tensor object (the native side reads its handle while
 *  the object is still held) or null for none. */
export type CallbackTensor = { readonly _h: Handle } | null;

/** backward(tensors, grad_tensors, retain_graph, create_graph, inputs) */
type BackwardArgs = [tensors: Handle[], grads: Handle[] | null, retainGraph: boolean | null, createGraph: boolean, inputs: Handle[] | null];
/** grad(outputs, inputs, grad_outputs, retain_graph, create_graph, allow_unused) */
type GradArgs = [
  outputs: Handle[],
  inputs: Handle[],
  gradOutputs: Handle[] | null,
  retainGraph: boolean | null,
  createGraph: boolean,
  allowUnused: boolean,
];

export interface NativeCore {
  setErrorClasses(classes: Record<string, Function>): void;
  setWarningEmitter(emit: (message: string, kind: string) => void): void;
  setMaxJsLength(n: number): void;
  shutdown(): void;
  config(): NativeConfig;
  parallelInfo(): string;
  parseDevice(spec: string, index: number): DeviceCode;
  cudaLazyInit(): void;
  /** [enabled, dtype code, cache enabled] of autocast for a device type ('cpu', 'cuda', ...) */
  autocastState(deviceType: string): [boolean, DtypeCode, boolean];
  autocastEnter(deviceType: string, enabled: boolean, dtype: DtypeCode, cacheEnabled: boolean): void;
  autocastExit(deviceType: string, prevEnabled: boolean, prevDtype: DtypeCode, prevCacheEnabled: boolean): void;
  cudaIsAvailable(): boolean;
  cudaDeviceCount(): number;
  cudaGetDeviceName(device: number | null): string;
  cudaGetDeviceCapability(device: number | null): [number, number];
  cudaTotalMemory(device: number | null): number;
  cudaCurrentDevice(): number;
  cudaSetDevice(device: number | null): void;
  cudaSynchronize(device: number | null): void;
  cudaMemoryStats(device: number | null): { allocated: number; maxAllocated: number; reserved: number; maxReserved: number };
  cudaResetPeakMemoryStats(device: number | null): void;
  cudaEmptyCache(): void;
  cudaMemGetInfo(device: number | null): [number, number];
  cudaManualSeed(seed: number | bigint, all: boolean): void;
  pinMemory(h: Handle): Handle;
  isPinned(h: Handle): boolean;
  /** streams as [id, device index, device type] (c10::Stream::pack3) */
  cudaStreamNew(device: number | null, priority: number): CudaStreamData;
  cudaStreamCurrent(device: number | null): CudaStreamData;
  cudaStreamDefault(device: number | null): CudaStreamData;
  cudaStreamSet(stream: CudaStreamData): CudaStreamData;
  cudaStreamQuery(stream: CudaStreamData): boolean;
  cudaStreamSynchronize(stream: CudaStreamData): void;
  cudaEventNew(enableTiming: boolean): number;
  cudaEventRecord(id: number, stream: CudaStreamData | null): void;
  cudaEventWait(id: number, stream: CudaStreamData | null): void;
  cudaEventQuery(id: number): boolean;
  cudaEventSynchronize(id: number): void;
  cudaEventElapsed(id: number, end: number): number;
  cudaEventRelease(id: number): void;
  setDeterministic(mode: boolean, warnOnly: boolean): void;
  getDeterministic(): [boolean, boolean];
  getNumThreads(): number;
  setNumThreads(n: number): void;
  asyncInlineBudget(us?: number): number;
  enterDualLevel(): number;
  exitDualLevel(level: number): void;
  getNumInteropThreads(): number;
  setNumInteropThreads(n: number): void;
  // memory
  dispose(h: Handle): void;
  track(tensor: object, h: Handle): boolean;
  sweep(afterMajorGc: boolean): boolean;
  isAlive(h: Handle): boolean;
  scopeBegin(): void;
  scopeEnd(keep: Handle[]): Handle[];
  keep(h: Handle): boolean;
  memoryStats(): MemoryStats;
  resetPeak(): void;
  // creation
  fromBuffer(
    data: TypedArrayLike,
    srcDtype: DtypeCode,
    shape: number[],
    dtype: DtypeCode,
    device: DeviceCode,
    requiresGrad: boolean,
    share: boolean,
    checkScalars?: boolean,
  ): Handle;
  manualSeed(seed: number | bigint): void;
  newGenerator(device: DeviceCode): number;
  defaultGenerator(device: DeviceCode): number;
  generatorManualSeed(id: number, seed: number | bigint): void;
  generatorInitialSeed(id: number): bigint;
  generatorSeed(id: number): bigint;
  generatorGetState(id: number): Handle;
  generatorSetState(id: number, state: Handle): void;
  generatorDevice(id: number): DeviceCode;
  generatorRelease(id: number): void;
  initialSeed(): bigint;
  getDefaultDtype(): DtypeCode;
  setDefaultDtype(code: DtypeCode): void;
  // properties
  sizes(h: Handle): number[];
  strides(h: Handle): number[];
  dim(h: Handle): number;
  numel(h: Handle): number;
  dtype(h: Handle): DtypeCode;
  device(h: Handle): DeviceCode;
  isContiguous(h: Handle): boolean;
  storageOffset(h: Handle): number;
  requiresGrad(h: Handle): boolean;
  setRequiresGrad(h: Handle, flag: boolean): void;
  isLeaf(h: Handle): boolean;
  grad(h: Handle, cached: Handle): Handle;
  variableData(h: Handle): Handle;
  setData(h: Handle, src: Handle): void;
  dataPtr(h: Handle): number;
  makeParameter(h: Handle, requiresGrad: boolean): Handle;
  setGrad(h: Handle, g: Handle): void;
  gradFn(h: Handle): number;
  nodeName(id: number): string;
  nodeNext(id: number): [number, number][];
  nodeKey(id: number): number;
  nodeRelease(id: number): void;
  nodeHooks(id: number, post: boolean, makeDispatcher: (list: never[]) => (...lists: Handle[][]) => CallbackTensor[]): unknown[];
  elementSize(h: Handle): number;
  // autograd
  backward(...args: BackwardArgs): void;
  autogradGrad(...args: GradArgs): Handle[];
  backwardAsync(...args: BackwardArgs): Promise<void>;
  autogradGradAsync(...args: GradArgs): Promise<Handle[]>;
  registerHook(h: Handle, fn: (grads: Handle[]) => CallbackTensor): number;
  removeHook(id: number): void;
  releaseHook(id: number): void;
  postAccumulateGradHooks(h: Handle, makeDispatcher: (list: never[]) => (hs: Handle[]) => Handle): unknown[];
  functionApply(
    name: string,
    backward: (grads: Handle[], saved: Handle[]) => CallbackTensor[],
    inputs: (Handle | null)[],
    outputs: Handle[],
    dirty: Handle[],
    nonDifferentiable: Handle[],
    saved: Handle[],
    materializeGrads: boolean,
  ): Handle[];
  isGradEnabled(): boolean;
  setGradEnabled(flag: boolean): boolean;
  inferenceModeEnter(mode: boolean): void;
  inferenceModeExit(): void;
  isInferenceModeEnabled(): boolean;
  isInference(h: Handle): boolean;
  retainGrad(h: Handle): void;
  retainsGrad(h: Handle): boolean;
  setDetectAnomaly(mode: boolean, checkNan: boolean): void;
  isAnomalyEnabled(): boolean;
  // indexing
  indexGet(h: Handle, kinds: number[], values: (number | boolean | null | bigint)[]): Handle;
  indexInt(h: Handle, i: number): Handle;
  indexSlice(h: Handle, start: number | null, stop: number | null, step: number | null): Handle;
  indexSet(h: Handle, kinds: number[], values: (number | boolean | null | bigint)[], value: Handle | number | bigint | boolean | { real: number; imag: number }, isTensor: boolean): void;
  // handing tensors between worker threads
  shareTensor(h: Handle): number;
  takeTensor(token: number): Handle;
  releaseShared(token: number): boolean;
  // data
  item(h: Handle): number | bigint | boolean | [number, number];
  copyData(h: Handle): TypedArrayLike;
  /** [storage key, napi_typedarray_type, byte offset in the storage, element count] */
  numpyView(h: Handle): [number, number, number, number];
  // storages (native/tensor/storage.cc)
  /** [storage key (same for tensors sharing a storage), nbytes, storage offset in elements, device code, allocated] */
  storageInfo(h: Handle): [number, number, number, DeviceCode, boolean];
  /** An external ArrayBuffer over the whole CPU storage of h (keeps it alive; makes it non-resizable). */
  storageBytes(h: Handle): ArrayBuffer;
  /** A new tensor over h's storage with this dtype, sizes, strides and element offset (checked to fit). */
  tensorOverStorage(h: Handle, dtype: DtypeCode, sizes: number[], strides: number[], offset: number, requiresGrad: boolean): Handle;
  /** A 1-D uint8 tensor on a storage of its own over bytes [offset, offset+nbytes) of h's storage (aliasing, or a copy). */
  storageSlice(h: Handle, byteOffset: number, nbytes: number, copy: boolean): Handle;
  // serialization files (native/serialize/files.cc)
  /** Reads byte ranges of a file into fresh 1-D uint8 CPU tensors, checking each CRC-32 (crc < 0: unchecked). */
  readRecords(path: string, offsets: number[], sizes: number[], crcs: number[], names: string[], async: false): Handle[];
  readRecords(path: string, offsets: number[], sizes: number[], crcs: number[], names: string[], async: true): Promise<Handle[]>;
  /** A 1-D uint8 CPU tensor over a private copy-on-write mapping of the whole file. */
  mapFile(path: string): Handle;
  /** Writes parts (bytes, or tensor handles: their whole storage) to tmpPath, stores the CRC-32 of part i at each
   *  patch [i, fileOffset], flushes, then renames to finalPath (null: keep tmpPath) and flushes the directory. */
  writeArchive(tmpPath: string, finalPath: string | null, parts: (Uint8Array | Handle)[], patches: number[], mode: number, async: false): void;
  writeArchive(tmpPath: string, finalPath: string | null, parts: (Uint8Array | Handle)[], patches: number[], mode: number, async: true): Promise<void>;
  /** The CRC-32 (zip's) of the bytes, continuing from crc. */
  crc32(data: ArrayBufferView | ArrayBuffer, crc?: number): number;
  /** Which CRC-32 implementation runs here: carry-less multiplication folding, or tables. */
  crc32Path(): 'clmul' | 'table';
  // TorchScript (native/jit/jit.cc); modules are opaque externals, values cross in the tagged form of jit.cc
  /** Loads a TorchScript module from a file or bytes (onto a device, or -1). */
  jitLoad(src: string | Uint8Array, device: DeviceCode, async: false): object;
  jitLoad(src: string | Uint8Array, device: DeviceCode, async: true): Promise<object>;
  /** [[method name, argument names after self], ...] */
  jitMethods(m: object): [string, string[]][];
  /** Runs a method with positional and keyword arguments (tagged JS values); returns the tagged result. */
  jitRun(m: object, name: string, args: unknown[], kwargs: [string, unknown][] | null, async: false): unknown;
  jitRun(m: object, name: string, args: unknown[], kwargs: [string, unknown][] | null, async: true): Promise<unknown>;
  /** [[name, handle], ...] of parameters (kind 0) or buffers (kind 1): the module's own tensors. */
  jitNamedTensors(m: object, kind: 0 | 1, recurse: boolean): [string, Handle][];
  /** [[name, submodule], ...] of direct children. */
  jitChildren(m: object): [string, object][];
  /** An attribute's tagged value. */
  jitAttr(m: object, name: string): unknown;
  /** Sets training mode (or only reads it with null); returns the flag. */
  jitTrain(m: object, mode: boolean | null): boolean;
  /** Moves/casts parameters and buffers in place. */
  jitTo(m: object, device: DeviceCode, dtype: DtypeCode): void;
  /** The module as torch.jit.save writes it. */
  jitSaveBytes(m: object): Uint8Array;
  /** The module's qualified class name. */
  jitTypeName(m: object): string;
  // tracing (native/jit/trace.cc)
  /** torch.jit.trace: builds the module tree over these tensors, runs fn under LibTorch's tracer, returns the module. */
  jitTrace(spec: object, inputs: unknown[], fn: (...inputs: unknown[]) => unknown, argNames: string[], strict: boolean, forceOutplace: boolean): object;
  /** Pushes a module scope (a name) or pops one (null) on the active trace; false when not tracing. */
  jitTraceScope(name: string | null): boolean;
  jitIsTracing(): boolean;
  /** A method's graph as data (inlined in place first when inline is true). */
  jitGraph(m: object, method: string, inline: boolean): JitGraphData;
}

/** [debugName, type kind, concrete sizes or null, is a complete tensor, (graph inputs only) number of uses] */
export type JitValueData = [string, string, number[] | null, boolean, number?];
/** One node of a TorchScript graph: attrs are [name, kind ('i', 'f', 's', 't', 'is', 'ival', ...), value] */
export interface JitNodeData {
  kind: string;
  scope: string;
  inputs: string[];
  inputKinds: string[];
  outputs: JitValueData[];
  attrs: [string, string, unknown][];
}
export interface JitGraphData {
  text: string;
  inputs: JitValueData[];
  nodes: JitNodeData[];
  outputs: JitValueData[];
}

export type NativeBinding = NativeCore & NativeOps;

function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj)) {
      try {
        if (JSON.parse(fs.readFileSync(pj, 'utf8')).name === 'torch-node') return dir;
      } catch {
        /* keep looking */
      }
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error('torch-node: cannot find the package root (package.json) above ' + __dirname);
    dir = up;
  }
}

function load(): NativeBinding {
  const file = process.env.TORCH_NODE_ADDON || path.join(packageRoot(), 'build', 'Release', 'torch_node.node');
  if (!fs.existsSync(file)) {
    throw new Error(
      `torch-node: the native addon is not built (${file} is missing). In a project that installed torch-node, ` +
        'run `npm rebuild torch-node`; in a checkout of torch-node, `npm run build` (both find or install ' +
        'LibTorch, then compile the addon).',
    );
  }
  let mod: NativeBinding;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(file) as NativeBinding;
  } catch (e) {
    throw new Error(
      `torch-node: loading ${file} failed: ${(e as Error).message}\n` +
        'The addon is linked against the LibTorch it was built with; if that LibTorch moved or changed, rebuild ' +
        'it: `npm rebuild torch-node` (or `npm run build` in a checkout).',
    );
  }
  mod.setErrorClasses(nativeErrorClasses);
  mod.setWarningEmitter((message, kind) => process.emitWarning(message, kind));
  mod.setMaxJsLength(bufferConstants.MAX_LENGTH);
  // When the process (or this worker) exits, threads waiting for this JS thread must not wait forever.
  process.on('exit', () => mod.shutdown());
  return mod;
}

export const native: NativeBinding = load();
