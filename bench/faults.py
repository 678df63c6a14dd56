"""Python side of bench/faults.js: minor page faults per conv and MLP step."""
import torch, resource, torch.nn.functional as F
torch.set_num_threads(1)
cx=torch.randn(32,3,32,32); cw=torch.randn(16,3,3,3,requires_grad=True); cb=torch.zeros(16,requires_grad=True)
mx=torch.randn(64,784); my=torch.randint(0,10,(64,)); w1=(torch.randn(784,256)*0.05).requires_grad_(); b1=torch.zeros(256,requires_grad=True); w2=(torch.randn(256,10)*0.05).requires_grad_(); b2=torch.zeros(10,requires_grad=True)
def sgd(ps):
    with torch.no_grad():
        for p in ps: p.sub_(p.grad*0.01); p.grad.zero_()
def conv(): F.conv2d(cx,cw,cb).relu().sum().backward(); sgd([cw,cb])
def mlp(): F.cross_entropy((mx@w1+b1).relu()@w2+b2, my).backward(); sgd([w1,b1,w2,b2])
f=lambda: resource.getrusage(resource.RUSAGE_SELF).ru_minflt
out={}
for k,fn in [('conv',conv),('mlp',mlp)]:
    for _ in range(50): fn()
    a=f()
    for _ in range(200): fn()
    out[k]=(f()-a)/200
print('python'.ljust(16), 'faults/step conv', out['conv'], 'mlp', out['mlp'])
