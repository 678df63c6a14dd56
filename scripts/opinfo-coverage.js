#!/usr/bin/env node
// Writes docs/opinfo-coverage.md: runs the OpInfo parity suite (test/parity/opinfo.test.ts and opinfo_nn.test.ts,
// which compare every sample of PyTorch's op database with Python live) and lists its counts, op by op, for both
// sets: the ops outside torch.nn.functional, and torch.nn.functional.
// Run: node scripts/opinfo-coverage.js   (about two minutes; needs the built addon and Python torch)
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opinfo-'));
const jest = spawnSync(
  process.execPath,
  [require.resolve('jest/bin/jest'), 'test/parity/opinfo.test.ts', 'test/parity/opinfo_nn.test.ts'],
  { cwd: ROOT, env: { ...process.env, OPINFO_REPORT_DIR: dir }, stdio: 'inherit' },
);
const reports = {};
for (const set of ['torch', 'nn']) {
  const json = path.join(dir, `${set}.json`);
  if (!fs.existsSync(json)) {
    console.error(`opinfo-coverage: the ${set} suite wrote no report`);
    process.exit(1);
  }
  reports[set] = JSON.parse(fs.readFileSync(json, 'utf8'));
}
const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const runs = (t) => t.passed + t.failed + t.known + t.errorsPassed + t.errorsFailed;
const clean = (t) => t.failed + t.known + t.missing + t.errorsFailed + t.errorsMissing === 0;

/** The counts of one set, its skip reasons and its op table, under headings of level `h`. */
function section(report, h) {
  const ops = report.ops.slice().sort((a, b) => a.key.localeCompare(b.key));
  const sum = (f) => ops.reduce((n, t) => n + f(t), 0);
  const fully = ops.filter((t) => runs(t) > 0 && clean(t));
  const noneRun = ops.filter((t) => runs(t) === 0);
  const skipReasons = {};
  for (const t of ops) for (const [r, n] of Object.entries(t.skipReasons)) skipReasons[r] = (skipReasons[r] ?? 0) + n;
  const lines = [
    '| | count |',
    '|---|---|',
    `| ops | ${ops.length} |`,
    `| ops fully passing (every sample and error input that runs passes, none missing) | ${fully.length} |`,
    `| ops with nothing runnable (missing or not runnable) | ${noneRun.length} |`,
    `| samples passed | ${sum((t) => t.passed)} |`,
    `| samples failed | ${sum((t) => t.failed)} |`,
    `| samples failing, documented (known) | ${sum((t) => t.known)} |`,
    `| samples missing | ${sum((t) => t.missing)} |`,
    `| samples not runnable | ${sum((t) => t.skipped)} |`,
    `| error inputs passed | ${sum((t) => t.errorsPassed)} |`,
    `| error inputs failed | ${sum((t) => t.errorsFailed)} |`,
    `| error inputs missing | ${sum((t) => t.errorsMissing)} |`,
    `| error inputs not runnable | ${sum((t) => t.errorsSkipped)} |`,
    '',
    `${h} Not runnable, by reason`,
    '',
    '| reason | samples and error inputs |',
    '|---|---|',
    ...Object.entries(skipReasons)
      .sort((a, b) => b[1] - a[1])
      .map(([r, n]) => `| ${cell(r)} | ${n} |`),
    '',
    `${h} Every op`,
    '',
    'Samples: passed / failed / known / missing / not runnable. Error inputs: passed / failed / missing / not runnable.',
    '',
    '| op | torch-node | samples | error inputs | notes |',
    '|---|---|---|---|---|',
  ];
  for (const t of ops) {
    const notes = [];
    if (t.missingForms.length) notes.push(`missing: ${t.missingForms.join(', ')}`);
    if (t.firstFailure) notes.push(`first failure: ${t.firstFailure.slice(0, 200)}`);
    if (runs(t) + t.missing + t.skipped + t.errorsMissing + t.errorsSkipped === 0) {
      notes.push('no CPU sample in float64, float32, int64 or bool, and no error input');
    }
    const s = `${t.passed} / ${t.failed} / ${t.known} / ${t.missing} / ${t.skipped}`;
    const e = `${t.errorsPassed} / ${t.errorsFailed} / ${t.errorsMissing} / ${t.errorsSkipped}`;
    lines.push(`| \`${t.key}\` | ${cell(t.call)} | ${s} | ${e} | ${cell(notes.join('; '))} |`);
  }
  return { lines, ops: ops.length, fully: fully.length };
}

const torchPart = section(reports.torch, '##');
const nnPart = section(reports.nn, '###');
const lines = [
  '<!-- DO NOT EDIT: written by scripts/opinfo-coverage.js from test/parity/opinfo.test.ts and opinfo_nn.test.ts -->',
  '# OpInfo coverage',
  '',
  `PyTorch's own op database (\`torch.testing._internal.common_methods_invocations.op_db\`, torch ${reports.torch.torch}),`,
  'every entry outside `nn.functional` (the `torch.nn.functional` entries are [below](#torchnnfunctional)), run',
  'through torch-node by `test/parity/opinfo.test.ts`: each CPU sample input in float64, float32, int64 and bool',
  '(where the OpInfo supports the dtype) and each error input, made in Python (`test/parity/opinfo.py`) and compared',
  'with what Python returns or raises. A sample runs through every torch-node form of the op (function, method,',
  'aliases); it passes when all of them agree with Python.',
  '',
  '- **missing**: torch-node has no form of the op (ops outside Python\'s public namespace, such as',
  '  `torch.ops.aten.*` kernels or CUDA jiterator functions, count here too).',
  '- **not runnable**: an argument or result JavaScript cannot express (sparse tensors, a complex Scalar, a',
  '  whole-number float that changes the result), or a sample too large to ship in CI.',
  '- **known**: failures documented in `test/parity/opinfo_known.ts`; any other failure fails the suite.',
  '',
  'Regenerate: `node scripts/opinfo-coverage.js`.',
  '',
  ...torchPart.lines,
  '',
  '## torch.nn.functional',
  '',
  "op_db's entries whose name starts with `nn.functional.` (`test/parity/opinfo_nn.test.ts`), counted in the same way.",
  "Their functions are called as `torch.nn.functional.*`; the OpInfo's lambdas (the dropouts with a fixed seed,",
  "embedding's reordered arguments, the in-place variants as `inplace: true`) are written in",
  '`test/parity/opinfo_calls.ts`.',
  '',
  ...nnPart.lines,
];
fs.writeFileSync(path.join(ROOT, 'docs', 'opinfo-coverage.md'), lines.join('\n') + '\n');
console.log(
  `opinfo-coverage: wrote docs/opinfo-coverage.md (${torchPart.ops} ops, ${torchPart.fully} fully passing; ` +
    `torch.nn.functional: ${nnPart.ops} ops, ${nnPart.fully} fully passing)`,
);
process.exit(jest.status ?? 1);
