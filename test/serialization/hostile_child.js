// Loads every file of a hostile corpus (make_hostile.js) in this process, every way torch-node can: torch.load from
// the path, from a Buffer, mapped, and loadAsync; safetensors load_file mapped and read, load(bytes), metadata().
// Prints one JSON line per file and way: {name, way, ok, error, ms}. Run by hostile.test.ts in a child process,
// so a crash fails the test instead of killing jest. `node hostile_child.js DIR`
'use strict';
const fs = require('fs');
const path = require('path');
const torch = require(path.resolve(__dirname, '..', '..', 'dist', 'cjs', 'index.js'));

const dir = process.argv[2];
const { files } = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'));
const st = torch.serialization.safetensors;

async function main() {
  for (const name of Object.keys(files)) {
    const file = path.join(dir, name);
    const ways = name.endsWith('.safetensors')
      ? { load_file: () => st.load_file(file), load_file_read: () => st.load_file(file, { mmap: false }), load_bytes: () => st.load(fs.readFileSync(file)), metadata: () => st.metadata(file) }
      : { load: () => torch.load(file), load_buffer: () => torch.load(fs.readFileSync(file)), load_mmap: () => torch.load(file, { mmap: true }), loadAsync: () => torch.loadAsync(file) };
    for (const [way, fn] of Object.entries(ways)) {
      process.stdout.write(JSON.stringify({ start: name, way }) + '\n');
      const t0 = process.hrtime.bigint();
      let ok = true;
      let error = null;
      try {
        await fn();
      } catch (e) {
        ok = false;
        error = e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 300) : `NON-ERROR THROWN: ${String(e)}`;
      }
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      process.stdout.write(JSON.stringify({ name, way, ok, error, ms }) + '\n');
    }
  }
  process.stdout.write('DONE\n');
}
main();
