// Python's binding of a call to a function written in Python (def f(a, b=1, *, c=None)), for the functions
// torch-node ports from PyTorch's Python source: positional arguments, then a trailing options object that holds
// the keyword arguments.
import { isOpts } from './tensor/args';

/** Binds args to the parameter names as Python would: `positional` may be given by position or by keyword,
 *  `keywordOnly` only by keyword; the first `required` positional ones must be given. Throws Python's TypeError
 *  for too many, unknown or missing arguments. */
export function bindArgs(
  fn: string,
  args: unknown[],
  positional: readonly string[],
  keywordOnly: readonly string[] = [],
  required = 0,
): Record<string, unknown> {
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  let kw: Record<string, unknown> = {};
  if (n > 0 && isOpts(args[n - 1])) kw = args[--n] as Record<string, unknown>;
  if (n > positional.length) {
    const m = positional.length;
    const takes = required < m ? `from ${required} to ${m} positional arguments` : `${m} positional argument${m === 1 ? '' : 's'}`;
    throw new TypeError(`${fn}() takes ${takes} but ${n} ${n === 1 ? 'was' : 'were'} given`);
  }
  const out: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) out[positional[i]] = args[i];
  for (const [k, v] of Object.entries(kw)) {
    if (v === undefined) continue;
    const at = positional.indexOf(k);
    if (at < 0 && !keywordOnly.includes(k)) throw new TypeError(`${fn}() got an unexpected keyword argument '${k}'`);
    if (at >= 0 && at < n) throw new TypeError(`${fn}() got multiple values for argument '${k}'`);
    out[k] = v;
  }
  const missing = positional.slice(0, required).filter((p) => !(p in out));
  if (missing.length > 0) {
    const names = missing.map((m) => `'${m}'`);
    const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
    throw new TypeError(`${fn}() missing ${missing.length} required positional argument${missing.length === 1 ? '' : 's'}: ${list}`);
  }
  return out;
}
