// The generator's curated data must stay true: every op it leaves to hand-written code exists at runtime, where
// its description says (scripts/codegen/config.yaml: handwritten, python_parsed_methods, python_defined).
import { execFileSync } from 'child_process';
import * as path from 'path';

import torch from '../../lib';

const root = path.join(__dirname, '..', '..');
const config = JSON.parse(
  execFileSync('python3', ['-c', 'import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))', path.join(root, 'scripts', 'codegen', 'config.yaml')], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: [process.env.PYTHONPATH, `${process.env.HOME}/.cache/torch-node/torch-2.11.0`].filter(Boolean).join(':') },
  }),
) as Record<string, Record<string, string>>;

const entries = ['handwritten', 'python_parsed_methods', 'python_defined'].flatMap((section) =>
  Object.entries(config[section]).map(([op, why]) => [section, op, why] as const),
);

test.each(entries)('%s %s exists where its description says', (_section, op, why) => {
  const m = /\b(Tensor|torch)\.([A-Za-z_][A-Za-z0-9_]*)/.exec(why);
  if (m === null) {
    // python_defined entries name the torch function by the op's own name
    expect(typeof (torch as unknown as Record<string, unknown>)[op] === 'function' || op === 'nonzero_numpy').toBe(true);
    return;
  }
  const [, where, name] = m;
  if (where === 'Tensor') {
    expect(name in torch.Tensor.prototype).toBe(true);
  } else {
    expect((torch as unknown as Record<string, unknown>)[name]).toBeDefined();
  }
});
