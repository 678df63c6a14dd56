// Saves checkpoints to one path in a loop until killed (durability.test.ts kills it at random points). Each
// checkpoint is {version, data} with data filled with version, so a torn file is visible. `node save_child.js PATH`
'use strict';
const path = require('path');
const torch = require(path.resolve(__dirname, '..', '..', 'dist', 'cjs', 'index.js'));

const file = process.argv[2];
const useAsync = process.argv[3] === 'async';
let version = Number(process.argv[4] || 1);
async function main() {
  for (;;) {
    const ck = { version, data: torch.full([1 << 20], version, { dtype: torch.float32 }), meta: { note: 'x'.repeat(version % 1000) } };
    if (useAsync) await torch.saveAsync(ck, file);
    else torch.save(ck, file);
    ck.data.dispose();
    process.stdout.write(`saved ${version}\n`);
    version++;
  }
}
main();
