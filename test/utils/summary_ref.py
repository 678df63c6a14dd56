"""torchsummary's table (pip install torchsummary==1.5.1, torchsummary.summary), computed with Python PyTorch's
forward hooks for torch-node's summary parity test. The layout, the layer rule (every module but Sequential,
ModuleList and the model itself, in the order their forwards finish) and the arithmetic are torchsummary's; it
returns the text instead of printing it, for the models of summary.parity.test.ts.

Reads JSON {"model": name, "input_size": [...] or [[...], ...]} on stdin; writes {"text", "after"}, where "after" is
a draw from the default generator after the summary (the forward pass consumes torch.rand).
"""
import json
import sys
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn


class Flat(nn.Module):
    def forward(self, x):
        return x.reshape(x.shape[0], -1)


class Two(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(3, 4)
        self.b = nn.Linear(5, 4, bias=False)
        self.b.weight.requires_grad_(False)

    def forward(self, x, y):
        return self.a(x), self.b(y)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.flat = Flat()
        self.body = nn.Sequential(nn.Linear(784, 300), nn.Linear(300, 100), nn.ModuleList([nn.Identity()])[0])
        self.head = nn.Linear(100, 10)

    def forward(self, x):
        return self.head(self.body(self.flat(x)))


def summary_text(model, input_size, batch_size=-1):
    def register_hook(module):
        def hook(module, input, output):
            class_name = str(module.__class__).split(".")[-1].split("'")[0]
            m_key = "%s-%i" % (class_name, len(summary) + 1)
            summary[m_key] = OrderedDict()
            summary[m_key]["input_shape"] = list(input[0].size())
            summary[m_key]["input_shape"][0] = batch_size
            if isinstance(output, (list, tuple)):
                summary[m_key]["output_shape"] = [[-1] + list(o.size())[1:] for o in output]
            else:
                summary[m_key]["output_shape"] = list(output.size())
                summary[m_key]["output_shape"][0] = batch_size
            params = 0
            if hasattr(module, "weight") and hasattr(module.weight, "size"):
                params += torch.prod(torch.LongTensor(list(module.weight.size())))
                summary[m_key]["trainable"] = module.weight.requires_grad
            if hasattr(module, "bias") and hasattr(module.bias, "size"):
                params += torch.prod(torch.LongTensor(list(module.bias.size())))
            summary[m_key]["nb_params"] = params

        if not isinstance(module, nn.Sequential) and not isinstance(module, nn.ModuleList) and not (module == model):
            hooks.append(module.register_forward_hook(hook))

    if isinstance(input_size, tuple):
        input_size = [input_size]
    x = [torch.rand(2, *in_size).type(torch.FloatTensor) for in_size in input_size]
    summary = OrderedDict()
    hooks = []
    model.apply(register_hook)
    model(*x)
    for h in hooks:
        h.remove()
    lines = ["----------------------------------------------------------------"]
    lines.append("{:>20}  {:>25} {:>15}".format("Layer (type)", "Output Shape", "Param #"))
    lines.append("================================================================")
    total_params = 0
    total_output = 0
    trainable_params = 0
    for layer in summary:
        lines.append("{:>20}  {:>25} {:>15}".format(layer, str(summary[layer]["output_shape"]), "{0:,}".format(summary[layer]["nb_params"])))
        total_params += summary[layer]["nb_params"]
        total_output += np.prod(summary[layer]["output_shape"])
        if "trainable" in summary[layer]:
            if summary[layer]["trainable"] == True:  # noqa: E712 - torchsummary's test
                trainable_params += summary[layer]["nb_params"]
    total_input_size = abs(np.prod(input_size) * batch_size * 4. / (1024 ** 2.))
    total_output_size = abs(2. * total_output * 4. / (1024 ** 2.))
    total_params_size = abs(total_params.numpy() * 4. / (1024 ** 2.))
    total_size = total_params_size + total_output_size + total_input_size
    lines.append("================================================================")
    lines.append("Total params: {0:,}".format(total_params))
    lines.append("Trainable params: {0:,}".format(trainable_params))
    lines.append("Non-trainable params: {0:,}".format(total_params - trainable_params))
    lines.append("----------------------------------------------------------------")
    lines.append("Input size (MB): %0.2f" % total_input_size)
    lines.append("Forward/backward pass size (MB): %0.2f" % total_output_size)
    lines.append("Params size (MB): %0.2f" % total_params_size)
    lines.append("Estimated Total Size (MB): %0.2f" % total_size)
    lines.append("----------------------------------------------------------------")
    return "\n".join(lines) + "\n"


req = json.load(sys.stdin)
torch.manual_seed(0)
model = {"Net": Net, "Two": Two}[req["model"]]()
size = req["input_size"]
size = tuple(size) if not isinstance(size[0], list) else [tuple(s) for s in size]
text = summary_text(model, size, req.get("batch_size", -1))
print(json.dumps({"text": text, "after": torch.rand(1).item()}))
