// The quick-start demo: tensor basics from the seed primer, printed exactly as PyTorch prints them.
// Run with `npm run demo` (after `npm install`, which builds everything).
'use strict';
const torch = require('..');

torch.manual_seed(0);
const x = torch.tensor([[1.0, 2.0], [3.0, 4.0]]);
console.log('x =', x);
console.log('dtype:', String(x.dtype), ' dim:', x.dim(), ' shape:', x.shape);
console.log('x.reshape(4) =', x.reshape(4));
console.log('x.type_as(int tensor) =', x.type_as(torch.tensor([1n])));

// zero copy with a TypedArray, as torch.from_numpy shares memory with a numpy array
const arr = new Float32Array([1, 2, 3]);
const shared = torch.from_numpy(arr);
arr[0] = 100;
console.log('shared after arr[0] = 100:', shared);

// vector ops along an axis
console.log('mean/max/sum over dim 1:', x.mean({ dim: 1 }), torch.max(x, 1).values, x.sum(1));
console.log('clamp(x, 2, 3) =', torch.clamp(x, 2, 3));
const { U, S, Vh } = torch.linalg.svd(x);
console.log('svd singular values:', S);
console.log('U @ diag(S) @ Vh =', U.matmul(torch.diag(S)).matmul(Vh));

// the seed's random integer recipe
const minval = -5;
const maxval = 5;
const r = torch.floor(torch.randn([4, 10, 7]).mul(maxval - minval).add(minval)).int();
console.log('random ints, first row:', r.select(0, 0).select(0, 0));

// memory: tensors made inside tidy() are freed when it returns, except what it returns
const before = torch.memory.stats().live;
const total = torch.tidy(() => torch.randn(100, 100).matmul(torch.randn(100, 100)).abs().sum());
console.log('tidy kept only its result:', torch.memory.stats().live - before, 'new tensor');
console.log('done:', total.gt(0).item());

// the seed's optimizer example: minimise f(x) = a*x^2 + b*x + c with torch.optim.SGD (prints what Python prints)
{
  const x = torch.tensor(0.0, { requires_grad: true });
  const a = torch.tensor(1.0);
  const b = torch.tensor(-2.0);
  const c = torch.tensor(1.0);
  const optimizer = new torch.optim.SGD({ params: [x], lr: 0.01 });
  const f = (v) => a.mul(torch.pow(v, 2)).add(b.mul(v)).add(c);
  for (let i = 0; i < 500; i++) {
    torch.tidy(() => {
      optimizer.zero_grad();
      const y = f(x);
      y.backward();
      optimizer.step();
      if (i % 50 === 0) console.log('y=', f(x).data, ';', 'x=', x.data);
    });
  }
}
