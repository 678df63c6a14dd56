#!/usr/bin/env node
// The measurement behind the allocation policy (docs/decisions.md, "Allocation policy"): for each malloc setting,
// in its own processes, the conv2d and MLP steps against Python (bench/perf.js; Python always at glibc defaults),
// RSS over a long MLP run, and the fragmentation patterns and matmul loop of bench/malloc.js.
//   node bench/alloc_policy.js [--rss 5000] [--rounds 5]
'use strict';
const { execFileSync } = require('child_process');
const path = require('path');

const argv = process.argv.slice(2);
const opt = (name, dflt) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : dflt);
const rss = opt('rss', '5000');
const rounds = opt('rounds', '5');

const VARIANTS = [
  ['mmap 128K (the old default)', { TORCH_NODE_MALLOC_MMAP_THRESHOLD: '131072' }],
  ['glibc defaults', { TORCH_NODE_MALLOC_DEFAULTS: '1' }],
  ['glibc defaults, arena max 2', { TORCH_NODE_MALLOC_DEFAULTS: '1', MALLOC_ARENA_MAX: '2' }],
  ['mmap 32M + trim 64M (the new default)', {}],
  ['mmap 32M, trim default', { MALLOC_MMAP_THRESHOLD_: String(32 << 20), MALLOC_TRIM_THRESHOLD_: String(128 << 10) }],
];
const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MALLOC_') && !k.startsWith('TORCH_NODE_MALLOC')));
const only = opt('variants', '') ? opt('variants', '').split(',').map(Number) : VARIANTS.map((_, i) => i);

const rows = [];
for (const i of only) {
  const [name, vars] = VARIANTS[i];
  const env = { ...base, ...vars };
  const perf = JSON.parse(
    execFileSync(process.execPath, [path.join(__dirname, 'perf.js'), '--only', 'conv_step,mlp_step', '--threads', '1,2', '--rounds', rounds, '--rss', rss, '--json'], { env, encoding: 'utf8' })
      .trim().split('\n').pop(),
  );
  const frag = {};
  for (const p of ['random', 'growing', 'mixed', 'matmul']) {
    frag[p] = JSON.parse(execFileSync(process.execPath, [path.join(__dirname, 'malloc.js'), '--child', p], { env, encoding: 'utf8' }).trim());
  }
  const r = perf.results;
  const row = {
    name,
    conv1: r['conv_step@1'].ratio, conv2: r['conv_step@2'].ratio, mlp1: r['mlp_step@1'].ratio, mlp2: r['mlp_step@2'].ratio,
    rssNode: perf.rss.node.grow, rssPy: perf.rss.python.grow, peakNode: perf.rss.node.peak, peakPy: perf.rss.python.peak,
    random: frag.random.rssGrowthMb, growing: frag.growing.rssGrowthMb, mixed: frag.mixed.rssGrowthMb, matmul: frag.matmul.ms,
  };
  rows.push(row);
  console.error(JSON.stringify(row));
}
const f = (x, d = 2) => x.toFixed(d);
console.log('| setting | conv 1t | conv 2t | MLP 1t | MLP 2t | RSS +MB, ' + rss + ' MLP steps (Python) | peak RSS MB (Python) | frag random / growing / mixed, +MB | matmul 1024 ms |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.name} | ${f(r.conv1)} | ${f(r.conv2)} | ${f(r.mlp1)} | ${f(r.mlp2)} | ${f(r.rssNode, 1)} (${f(r.rssPy, 1)}) | ${f(r.peakNode, 0)} (${f(r.peakPy, 0)}) | ${f(r.random, 0)} / ${f(r.growing, 0)} / ${f(r.mixed, 0)} | ${f(r.matmul)} |`);
}
