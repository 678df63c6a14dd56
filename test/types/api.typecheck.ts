// Compile-time checks of the typed API (`npm test` type-checks this file; it is not run).
// Each @ts-expect-error line must fail to type-check, so the types really reject what PyTorch rejects.
import torch from '../../lib';

export function typedApi(): void {
  const a = torch.ones(2, 3);
  const b = torch.zeros(2, 3, { dtype: torch.float64, requires_grad: true });

  const sum: torch.Tensor = a.sum({ dim: 1, keepdim: true });
  const sum2: torch.Tensor = a.sum(1, true);
  const viaFn: torch.Tensor = torch.add(a, b, { alpha: 2 });
  const scalarOther: torch.Tensor = a.mul(2);
  const inplace: torch.Tensor = a.add_(1);
  const { values, indices } = torch.max(a, 1);
  const [v2, i2] = torch.max(a, 1);
  const svd = torch.linalg.svd(a);
  const u: torch.Tensor = svd.U;
  const flag: boolean = torch.equal(a, a);
  const n: number = a.dim();
  const d: torch.dtype = a.dtype;
  const g: torch.Tensor[] = torch.split(a, 1);
  void [sum, sum2, viaFn, scalarOther, inplace, values, indices, v2, i2, u, flag, n, d, g];

  // @ts-expect-error: dim must be a number or numbers
  a.sum({ dim: 'x' });
  // @ts-expect-error: unknown keyword
  a.sum({ dims: 1 });
  // @ts-expect-error: a string is not a tensor or a number
  a.add('x');
  // @ts-expect-error: dtype must be a torch.dtype
  torch.zeros(2, { dtype: 'float32' });
  // @ts-expect-error: torch.max(x, dim) returns a named tuple, not a tensor
  const wrong: torch.Tensor = torch.max(a, 1);
  void wrong;
}
