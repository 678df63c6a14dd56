// Minor page faults per training step (conv and MLP of bench/perf.js, 1 thread), the allocation policy's clearest
// signal on a shared machine; bench/faults.py is Python's. LABEL names the row; set malloc variables around it.
const torch = require(require('path').join(__dirname, '..', 'dist', 'cjs', 'index.js')); const F = torch.nn.functional; torch.set_num_threads(1);
const cx = torch.randn(32,3,32,32), cw = torch.randn(16,3,3,3,{requires_grad:true}), cb = torch.zeros(16,{requires_grad:true});
const mx = torch.randn(64,784), my = torch.randint(0,10,[64]); const w1 = torch.randn(784,256).mul_(0.05).requires_grad_(), b1 = torch.zeros(256,{requires_grad:true}), w2 = torch.randn(256,10).mul_(0.05).requires_grad_(), b2 = torch.zeros(10,{requires_grad:true});
const sgd = (ps) => torch.no_grad(() => { for (const p of ps) { p.sub_(p.grad.mul(0.01)); p.grad.zero_(); } });
const conv = () => torch.tidy(() => { F.conv2d(cx,cw,cb).relu().sum().backward(); sgd([cw,cb]); });
const mlp = () => torch.tidy(() => { F.cross_entropy(mx.matmul(w1).add(b1).relu().matmul(w2).add(b2), my).backward(); sgd([w1,b1,w2,b2]); });
const f = () => process.resourceUsage().minorPageFault;
const out = {};
for (const [k, fn] of [['conv', conv], ['mlp', mlp]]) { for (let i=0;i<50;i++) fn(); const a=f(); for (let i=0;i<200;i++) fn(); out[k]=(f()-a)/200; }
console.log((process.env.LABEL || 'node').padEnd(16), 'faults/step conv', out.conv, 'mlp', out.mlp);
