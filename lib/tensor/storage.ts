// Storages seen from JavaScript: one external ArrayBuffer per storage, made on the first view and reused while it
// lives (numpy() and serialization share it), so repeated views cost a TypedArray, not a new external buffer
// (which V8 would count again each time). The key is the native storage's identity (storageInfo / numpyView).
import { native, type Handle } from '../native/binding';

const storageBuffers = new Map<number, WeakRef<ArrayBuffer>>();
const forgetBuffer = new FinalizationRegistry<number>((key) => {
  if (storageBuffers.get(key)?.deref() === undefined) storageBuffers.delete(key);
});

/** @internal The ArrayBuffer over the whole storage with this key, made by `make` when none is alive. */
export function storageArrayBuffer(key: number, make: () => ArrayBuffer): ArrayBuffer {
  let buffer = storageBuffers.get(key)?.deref();
  if (buffer === undefined) {
    buffer = make();
    storageBuffers.set(key, new WeakRef(buffer));
    forgetBuffer.register(buffer, key);
  }
  return buffer;
}

/** @internal The bytes of the whole (CPU) storage of tensor handle h, shared with the storage (no copy). */
export function storageBytes(h: Handle): Uint8Array {
  const [key, nbytes] = native.storageInfo(h);
  if (nbytes === 0) return new Uint8Array(0);
  return new Uint8Array(storageArrayBuffer(key, () => native.storageBytes(h)), 0, nbytes);
}
