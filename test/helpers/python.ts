// Runs Python PyTorch (the same torch that torch-node builds against) to produce reference values, live.
import { execFileSync } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
let envCache: NodeJS.ProcessEnv | undefined;

/** The Python interpreter and environment (PYTHONPATH with the torch that torch-node builds against). */
export function pythonEnv(): { python: string; env: NodeJS.ProcessEnv } {
  if (envCache === undefined) {
    const info = JSON.parse(
      execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'libtorch.js'), '--json'], { encoding: 'utf8' }),
    );
    envCache = { ...process.env };
    if (info.pythonPath) {
      envCache.PYTHONPATH = [info.pythonPath, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter);
    }
    envCache.PYTHON = info.python ?? process.env.PYTHON ?? 'python3';
  }
  return { python: envCache.PYTHON ?? 'python3', env: envCache };
}

/** Runs a Python script file from test/ with a JSON request on stdin; returns its JSON output. */
export function runPythonScript<T>(script: string, request: unknown): T {
  const { python, env } = pythonEnv();
  const out = execFileSync(python, [path.join(ROOT, 'test', script)], {
    input: JSON.stringify(request),
    env,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(out) as T;
}

export interface PyCase {
  id: string;
  expr: string;
  setup?: string;
  seed?: number;
  bytes?: boolean;
}

export type PyValue = number | string | boolean | { real: PyValue; imag: PyValue } | PyValue[];

export interface PyTensor {
  kind: 'tensor';
  id: string;
  dtype: string;
  shape: number[];
  values: PyValue;
  repr: string;
  requires_grad: boolean;
  bytes?: string;
}
export interface PyTuple {
  kind: 'tuple';
  id: string;
  items: PyTensor[];
  fields?: string[];
}
export interface PyError {
  kind: 'error';
  id: string;
  type: string;
  message: string;
}
export interface PyScalar {
  kind: 'value' | 'dtype';
  id: string;
  value: PyValue;
  repr?: string;
}
export type PyResult = PyTensor | PyTuple | PyError | PyScalar;

/** Evaluates Python expressions with torch; results by case id. */
export function pyEval(cases: PyCase[], preamble?: string): Map<string, PyResult> {
  const results = runPythonScript<PyResult[]>('parity/ref.py', { cases, preamble });
  return new Map(results.map((r) => [r.id, r]));
}
