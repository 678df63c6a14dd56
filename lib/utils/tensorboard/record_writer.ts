// TensorBoard event files: TFRecord framing (length, masked CRC32C of the length, data, masked CRC32C of the data)
// and the asynchronous event-file writer after tensorboard/summary/writer/event_file_writer.py.
//
// Writes never block the event loop per event: records are queued in memory and written by asynchronous
// positional writes when the queue holds max_queue records, every flush_secs, on flush() and on close(). Each
// record's place in the file is fixed when it leaves the queue, so writes may complete in any order. flush() and
// close() finish the job synchronously (as Python's: when they return, the data is in the file); at process exit
// every writer still open writes what it holds, including the bytes of writes still in flight, at their places
// (rewriting identical bytes is harmless).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// ---- CRC32C (Castagnoli), as TFRecord uses ----------------------------------------------------------------------
const CRC_TABLE = (() => {
  const t = new Uint32Array(256 * 4);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[i] = c >>> 0;
  }
  // slicing-by-4 tables
  for (let i = 0; i < 256; i++) {
    for (let s = 1; s < 4; s++) t[s * 256 + i] = (t[(s - 1) * 256 + i] >>> 8) ^ t[t[(s - 1) * 256 + i] & 0xff];
  }
  return t;
})();

/** The CRC-32C of the bytes. */
export function crc32c(data: Uint8Array): number {
  let c = 0xffffffff;
  let i = 0;
  const n = data.length;
  for (; i + 4 <= n; i += 4) {
    c ^= data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    c = CRC_TABLE[768 + (c & 0xff)] ^ CRC_TABLE[512 + ((c >>> 8) & 0xff)] ^ CRC_TABLE[256 + ((c >>> 16) & 0xff)] ^ CRC_TABLE[c >>> 24];
  }
  for (; i < n; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** TFRecord's masked CRC: rotate right by 15 and add a constant. */
export function maskedCrc32c(data: Uint8Array): number {
  const c = crc32c(data);
  return ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

/** One TFRecord: uint64 length, uint32 masked crc of the length, the data, uint32 masked crc of the data. */
export function tfrecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(16 + data.length);
  const dv = new DataView(out.buffer);
  dv.setBigUint64(0, BigInt(data.length), true);
  dv.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  dv.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

// ---- the event file writer -------------------------------------------------------------------------------------

let globalUid = 0;
/** Writers that are open, or closed with asynchronous writes still in flight. */
const liveWriters = new Set<EventFileWriter>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' runs synchronously as the process (or this worker) ends, also on process.exit(), which does not wait
  // for asynchronous writes: every live writer writes what it still holds, synchronously.
  process.on('exit', () => {
    for (const w of [...liveWriters]) w._atExit();
  });
}

/** A batch of records at a fixed place in the file. */
interface Batch {
  offset: number;
  bytes: Uint8Array;
}

/** Writes events (serialized Event protos) to `events.out.tfevents.<time>.<host>.<pid>.<n><suffix>` in logdir, as
 *  TensorBoard's EventFileWriter. */
export class EventFileWriter {
  readonly logdir: string;
  readonly file_name: string;
  private fd: number;
  private queue: Uint8Array[] = [];
  private queued = 0;
  private end = 0; // file offset after every record that left the queue
  private inFlight = new Set<Batch>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private closed = false;
  private fdClosed = false;
  private error: Error | null = null;
  private readonly maxQueue: number;

  /** firstEvent(wallTime) makes the file's first event (file_version), written at once as Python's. */
  constructor(logdir: string, max_queue = 10, flush_secs = 120, filename_suffix = '', firstEvent?: (wallTime: number) => Uint8Array) {
    this.logdir = logdir;
    this.maxQueue = Math.max(1, Math.trunc(max_queue));
    fs.mkdirSync(logdir, { recursive: true });
    const now = Date.now() / 1000;
    const stamp = String(Math.trunc(now)).padStart(10, '0');
    this.file_name = path.join(logdir, `events.out.tfevents.${stamp}.${os.hostname()}.${process.pid}.${globalUid++}`) + filename_suffix;
    this.fd = fs.openSync(this.file_name, 'w');
    installExitHook();
    liveWriters.add(this);
    if (firstEvent !== undefined) {
      this.add_event(firstEvent(now));
      this.flush();
    }
    if (flush_secs > 0 && Number.isFinite(flush_secs)) {
      this.timer = setInterval(() => this.writeQueued(), flush_secs * 1000);
      this.timer.unref(); // the periodic flush never keeps the process alive; exit writes what remains
    }
  }

  get_logdir(): string {
    return this.logdir;
  }

  private check(): void {
    if (this.error !== null) {
      const e = this.error;
      this.error = null;
      throw e;
    }
  }

  /** Queues a serialized Event; when the queue holds max_queue events they are written asynchronously. */
  add_event(event: Uint8Array): void {
    this.check();
    if (this.closed) throw new Error('Writer is closed');
    const rec = tfrecord(event);
    this.queue.push(rec);
    this.queued += rec.length;
    if (this.queue.length >= this.maxQueue) this.writeQueued();
  }

  /** Takes the queued records as one batch at the end of the file. */
  private takeBatch(): Batch | null {
    if (this.queue.length === 0) return null;
    const bytes = new Uint8Array(this.queued);
    let o = 0;
    for (const r of this.queue) {
      bytes.set(r, o);
      o += r.length;
    }
    this.queue = [];
    this.queued = 0;
    const batch = { offset: this.end, bytes };
    this.end += bytes.length;
    return batch;
  }

  /** Writes the queued records asynchronously. */
  private writeQueued(): void {
    const batch = this.takeBatch();
    if (batch === null) return;
    this.inFlight.add(batch);
    fs.write(this.fd, batch.bytes, 0, batch.bytes.length, batch.offset, (err) => {
      if (!this.inFlight.delete(batch)) return; // written again synchronously at exit
      if (err) this.error ??= err;
      if (this.closed && this.inFlight.size === 0) this.closeFd();
    });
  }

  private writeSync(batch: Batch): void {
    let done = 0;
    while (done < batch.bytes.length) {
      done += fs.writeSync(this.fd, batch.bytes, done, batch.bytes.length - done, batch.offset + done);
    }
  }

  /** Writes every queued event now (synchronously): when flush returns, the events are in the file. */
  flush(): void {
    this.check();
    if (this.closed) throw new Error('Writer is closed');
    const batch = this.takeBatch();
    if (batch !== null) this.writeSync(batch);
  }

  /** Flushes without blocking: resolves when every event added so far is in the file. */
  async flushAsync(): Promise<void> {
    this.check();
    if (this.closed) throw new Error('Writer is closed');
    this.writeQueued();
    const pending = [...this.inFlight];
    await new Promise<void>((resolve) => {
      const poll = () => (pending.every((b) => !this.inFlight.has(b)) ? resolve() : setImmediate(poll));
      poll();
    });
    this.check();
  }

  /** Writes what remains and closes the file (once the writes in flight are done). Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== null) clearInterval(this.timer);
    const batch = this.takeBatch();
    if (batch !== null) this.writeSync(batch);
    if (this.inFlight.size === 0) this.closeFd();
  }

  private closeFd(): void {
    if (this.fdClosed) return;
    this.fdClosed = true;
    liveWriters.delete(this);
    fs.closeSync(this.fd);
  }

  /** @internal The process is ending: write everything held, in-flight bytes too, synchronously, and close. */
  _atExit(): void {
    try {
      this.closed = true;
      if (this.timer !== null) clearInterval(this.timer);
      const batch = this.takeBatch();
      if (batch !== null) this.inFlight.add(batch);
      for (const b of this.inFlight) this.writeSync(b);
      this.inFlight.clear();
      this.closeFd();
    } catch {
      /* the process is ending; there is no one left to tell */
    }
  }
}
