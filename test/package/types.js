// Run by scripts/check-package.sh in the temporary user project (cwd), with the project's own TypeScript:
// 1. every declaration file of the installed package that augments a type (`declare module`, `declare global`) is
//    reachable from the package's entry, so a user sees every Tensor method;
// 2. hovering a call shows PyTorch's documentation of the overload called, as an editor shows it.
'use strict';
const fs = require('fs');
const path = require('path');
const ts = require(require.resolve('typescript', { paths: [process.cwd()] }));

const problems = [];
const config = ts.getParsedCommandLineOfConfigFile('tsconfig.json', {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
const program = ts.createProgram(config.fileNames, config.options);
const seen = new Set(program.getSourceFiles().map((f) => path.resolve(f.fileName)));
const dist = fs.realpathSync(path.join('node_modules', 'torch-node', 'dist'));
const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
let augmenting = 0;
for (const file of walk(dist).filter((f) => /\.d\.m?ts$/.test(f))) {
  if (!/^declare (module|global)\b/m.test(fs.readFileSync(file, 'utf8'))) continue;
  augmenting++;
  if (!seen.has(file)) problems.push(`${path.relative(dist, file)} augments a type but is not reachable from the package's entry`);
}
if (augmenting === 0) problems.push('found no augmenting declaration files (expected the generated Tensor methods)');

// Hover (quick info) at calls in the user program.
const files = new Map(config.fileNames.map((f) => [f, fs.readFileSync(f, 'utf8')]));
const host = {
  getScriptFileNames: () => config.fileNames,
  getScriptVersion: () => '1',
  getScriptSnapshot: (f) => (fs.existsSync(f) ? ts.ScriptSnapshot.fromString(files.get(f) ?? fs.readFileSync(f, 'utf8')) : undefined),
  getCurrentDirectory: () => process.cwd(),
  getCompilationSettings: () => config.options,
  getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
  fileExists: ts.sys.fileExists,
  readFile: ts.sys.readFile,
  readDirectory: ts.sys.readDirectory,
  directoryExists: ts.sys.directoryExists,
  getDirectories: ts.sys.getDirectories,
  realpath: ts.sys.realpath,
};
const service = ts.createLanguageService(host);
const main = config.fileNames.find((f) => f.endsWith('main.mts'));
const text = files.get(main);
// [the call as written in test/package/user.ts, words its hover documentation must contain]
const hovers = [
  ['torch.add(x, 1, { alpha: 2 })', ['alpha', 'Example', 'torch.add(a, 20)']], // an overloaded torch.* function
  ['torch.max(x, 1)', ['namedtuple', 'keepdim']], // the (input, dim) overload's own section
  ['x.sum({ dim: 1, keepdim: true })', ['keepdim', 'Example']], // a Tensor method
  ['torch.linalg.det(x)', ['determinant', 'Example']], // a namespace function
];
for (const [call, words] of hovers) {
  const at = text.indexOf(call);
  if (at < 0) {
    problems.push(`test/package/user.ts no longer contains ${call}`);
    continue;
  }
  const name = call.slice(0, call.indexOf('(')).split('.').pop();
  const info = service.getQuickInfoAtPosition(main, at + call.indexOf(name + '('));
  const doc = info ? ts.displayPartsToString(info.documentation) : '';
  const missing = words.filter((w) => !doc.includes(w));
  if (missing.length) problems.push(`hovering ${call} shows documentation without ${missing.join(', ')}:\n${doc.slice(0, 400)}`);
}

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`  ${augmenting} augmenting declaration files reachable; hover documentation present at ${hovers.length} calls`);
