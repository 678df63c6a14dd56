// LibTorch discovery (scripts/libtorch.js): what it reports, and the clear refusals.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const script = path.resolve(__dirname, '..', '..', 'scripts', 'libtorch.js');
const run = (env: NodeJS.ProcessEnv, mode = '--json') =>
  spawnSync(process.execPath, [script, mode], { env: { ...process.env, ...env }, encoding: 'utf8' });

function fakeLibtorch(version: [number, number, number], abi: boolean): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-libtorch-'));
  fs.mkdirSync(path.join(root, 'include', 'ATen'), { recursive: true });
  fs.mkdirSync(path.join(root, 'include', 'torch', 'headeronly'), { recursive: true });
  fs.mkdirSync(path.join(root, 'lib'));
  fs.writeFileSync(path.join(root, 'include', 'ATen', 'ATen.h'), '');
  fs.writeFileSync(
    path.join(root, 'include', 'torch', 'headeronly', 'version.h'),
    `#define TORCH_VERSION_MAJOR ${version[0]}\n#define TORCH_VERSION_MINOR ${version[1]}\n#define TORCH_VERSION_PATCH ${version[2]}\n`,
  );
  fs.writeFileSync(path.join(root, 'lib', 'libc10.so'), abi ? 'xxNSt7__cxx1112basic_stringxx' : 'no new abi here');
  return root;
}

test('the LibTorch in use is reported with version, ABI and CUDA', () => {
  const r = run({});
  expect(r.status).toBe(0);
  const info = JSON.parse(r.stdout);
  expect(info.version).toMatch(/^2\.(1[1-9]|[2-9]\d)\./);
  expect([0, 1]).toContain(info.abi);
  expect(typeof info.cuda).toBe('boolean');
  const summary = run({}, '--summary');
  expect(summary.stderr).toContain(`LibTorch ${info.version} from`);
});

test('a LIBTORCH older than 2.11 is refused with what to do', () => {
  const r = run({ LIBTORCH: fakeLibtorch([2, 10, 1], true) });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('LibTorch 2.10.1');
  expect(r.stderr).toContain('is too old; torch-node needs 2.11 or newer');
  expect(r.stderr).toContain('Unset LIBTORCH');
});

test('a LIBTORCH that is not a LibTorch distribution is refused', () => {
  const r = run({ LIBTORCH: fs.mkdtempSync(path.join(os.tmpdir(), 'not-libtorch-')) });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('is not a LibTorch distribution');
});

test('the ABI is read from the libraries themselves and fed to the compiler', () => {
  expect(run({ LIBTORCH: fakeLibtorch([2, 11, 0], true) }, '--gyp-defines').stdout).toContain('_GLIBCXX_USE_CXX11_ABI=1');
  expect(run({ LIBTORCH: fakeLibtorch([2, 11, 0], false) }, '--gyp-defines').stdout).toContain('_GLIBCXX_USE_CXX11_ABI=0');
});
