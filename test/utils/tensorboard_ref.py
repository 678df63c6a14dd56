"""The Python side of the SummaryWriter tests: PyTorch's own SummaryWriter writes the scenario that
tensorboard.test.ts writes with torch-node's, and TensorBoard's own reader (EventAccumulator) reads a log
directory back into JSON, so the test compares what TensorBoard sees in both.

Reads JSON on stdin:
  {"cmd": "write", "dir": D}  writes the scenario into D with torch.utils.tensorboard.SummaryWriter
  {"cmd": "read", "dir": D}   reads every run under D with EventAccumulator; writes {run: {...}} (see read_run)
"""
import base64
import io
import json
import os
import sys

import numpy as np
import torch
from torch import nn
from torch.utils.tensorboard import SummaryWriter
from tensorboard.backend.event_processing import event_accumulator as ea
from tensorboard.compat.proto import event_pb2
from tensorboard.plugins.hparams import plugin_data_pb2 as hp_pd
from tensorboard.plugins.custom_scalar import layout_pb2
from tensorboard.plugins.pr_curve import plugin_data_pb2 as pr_pd
from tensorboard.util import tensor_util
from google.protobuf import json_format
from PIL import Image


class Net(nn.Module):
    """The seed's model (a weight, a bias) and a Sequential, so the graph has module scopes."""

    def __init__(self):
        super(Net, self).__init__()
        self.w = nn.Parameter(torch.randn(2, 1))
        self.b = nn.Parameter(torch.zeros(1, 1))
        self.fc = nn.Sequential(nn.Linear(1, 3), nn.ReLU())

    def forward(self, x):
        y = x @ self.w + self.b
        return self.fc(y) * 2.5


def write(d):
    torch.manual_seed(0)
    w = SummaryWriter(d, max_queue=3)
    for i in range(5):
        w.add_scalar("loss", 1.0 / (i + 1), i)
    w.add_scalar("acc", torch.tensor(0.75), 5)
    w.add_scalar("new/style", 0.3, 1, new_style=True)
    w.add_scalar("new/double", 0.3, 2, new_style=True, double_precision=True)
    w.add_scalars("run", {"sin": 0.5, "cos": -0.25}, 3)
    x = torch.randn(1000)
    w.add_histogram("hist/default", x, 0)
    w.add_histogram("hist/auto", x, 1, bins="auto")
    w.add_histogram("hist/fd", x, 1, bins="fd")
    w.add_histogram("hist/10", x, 2, bins=10)
    w.add_histogram("hist/edges", x, 2, bins=[-3.0, -1.0, 0.0, 0.5, 1.0, 4.0])
    w.add_histogram("hist/max_bins", x, 3, max_bins=20)
    w.add_histogram("hist/ints", torch.arange(10), 4, bins=4)
    w.add_histogram_raw("hist/raw", 0.0, 3.0, 6, 9.0, 17.0, [1.0, 2.0, 3.0], [2, 1, 3], 5)
    img = torch.rand(3, 8, 10)
    w.add_image("img/chw", img, 0)
    w.add_image("img/hwc", img.permute(1, 2, 0), 0, dataformats="HWC")
    w.add_image("img/hw", img[0], 0, dataformats="HW")
    w.add_image("img/uint8", (img * 255).to(torch.uint8), 0)
    w.add_image("img/rgba", torch.rand(4, 5, 6), 0)
    w.add_images("imgs/nchw", torch.rand(5, 3, 4, 6), 0)
    w.add_images("imgs/nhwc", torch.rand(2, 4, 6, 3), 0, dataformats="NHWC")
    w.add_images("imgs/grey", torch.rand(9, 1, 4, 4), 0)
    w.add_audio("audio", torch.rand(100) * 2 - 1, 0, sample_rate=8000)
    w.add_text("note", "hello **world**", 0)
    w.add_text("note", "second — ünïcode", 1)
    labels = torch.randint(0, 2, (100,))
    preds = torch.rand(100)
    w.add_pr_curve("pr", labels, preds, 0)
    w.add_pr_curve("pr/few", labels, preds, 1, num_thresholds=10)
    w.add_custom_scalars({"Losses": {"loss": ["Multiline", ["loss", "acc"]]}, "Run": {"margin": ["Margin", ["run", "loss", "acc"]]}})
    w.add_tensor("tensor/float", torch.arange(6).reshape(2, 3).float())
    w.add_tensor("tensor/int64", torch.arange(4))
    w.add_graph(Net(), torch.rand(10, 2))
    w.add_hparams({"lr": 0.1, "bsize": 16, "opt": "sgd", "flag": True}, {"hparam/accuracy": 0.9, "hparam/loss": 0.25}, run_name="hp")
    w.add_hparams({"lr": 0.01, "opt": "adam"}, {"hparam/accuracy": 0.8}, hparam_domain_discrete={"opt": ["sgd", "adam"]}, run_name="hp2", global_step=7)
    mat = torch.randn(6, 4)
    w.add_embedding(mat, metadata=["a", "b", "c", "d", "e", 6], label_img=torch.rand(6, 3, 5, 5))
    w.add_embedding(mat.double(), metadata=[[1, "x"], [2, "y"], [3, "z"], [4, "x"], [5, "y"], [6, "z"]], metadata_header=["n", "l"], tag="with/header", global_step=3)
    w.close()
    w2 = SummaryWriter(os.path.join(d, "purged"), purge_step=4)
    w2.add_scalar("loss", 2.0, 4)
    w2.close()


def tensor_json(tp):
    arr = tensor_util.make_ndarray(tp)
    if arr.dtype.kind in "SO":
        return {"dtype": tp.dtype, "shape": list(arr.shape), "values": [v.decode("utf-8") if isinstance(v, bytes) else str(v) for v in arr.reshape(-1)]}
    return {"dtype": tp.dtype, "shape": list(arr.shape), "values": arr.reshape(-1).tolist()}


def read_run(path):
    acc = ea.EventAccumulator(path, size_guidance={k: 0 for k in [ea.SCALARS, ea.HISTOGRAMS, ea.IMAGES, ea.TENSORS, ea.AUDIO, ea.COMPRESSED_HISTOGRAMS]})
    acc.Reload()
    tags = acc.Tags()
    out = {"tags": {k: sorted(v) if isinstance(v, list) else v for k, v in tags.items()}}
    out["scalars"] = {t: [[e.step, e.value] for e in acc.Scalars(t)] for t in tags["scalars"]}
    out["histograms"] = {
        t: [[e.step, {"min": e.histogram_value.min, "max": e.histogram_value.max, "num": e.histogram_value.num,
              "sum": e.histogram_value.sum, "sum_squares": e.histogram_value.sum_squares,
              "bucket_limit": list(e.histogram_value.bucket_limit), "bucket": list(e.histogram_value.bucket)}]
            for e in acc.Histograms(t)]
        for t in tags["histograms"]
    }
    images = {}
    for t in tags["images"]:
        images[t] = []
        for e in acc.Images(t):
            im = Image.open(io.BytesIO(e.encoded_image_string))
            images[t].append({"step": e.step, "width": e.width, "height": e.height, "mode": im.mode,
                              "pixels": np.asarray(im).reshape(-1).tolist()})
    out["images"] = images
    out["audio"] = {t: [{"step": e.step, "content_type": e.content_type, "sample_rate": e.sample_rate,
                         "length_frames": e.length_frames,
                         "wav": base64.b64encode(e.encoded_audio_string).decode()} for e in acc.Audio(t)]
                    for t in tags["audio"]}
    out["tensors"] = {t: [[e.step, tensor_json(e.tensor_proto)] for e in acc.Tensors(t)] for t in tags["tensors"]}
    plugins = {}
    for plugin in ["hparams", "pr_curves", "text", "scalars", "custom_scalars", "tensor"]:
        content = acc.PluginTagToContent(plugin) if plugin in acc._plugin_to_tag_to_content else {}
        decoded = {}
        for tag, raw in content.items():
            if plugin == "hparams":
                decoded[tag] = json_format.MessageToDict(hp_pd.HParamsPluginData.FromString(raw), preserving_proto_field_name=True)
            elif plugin == "pr_curves":
                decoded[tag] = json_format.MessageToDict(pr_pd.PrCurvePluginData.FromString(raw), preserving_proto_field_name=True, always_print_fields_with_no_presence=True)
            else:
                decoded[tag] = base64.b64encode(raw).decode()
        plugins[plugin] = decoded
    out["plugins"] = plugins
    layouts = {}
    for t in tags["tensors"]:
        if t == "custom_scalars__config__":
            tp = acc.Tensors(t)[0].tensor_proto
            layouts[t] = json_format.MessageToDict(layout_pb2.Layout.FromString(tp.string_val[0]), preserving_proto_field_name=True)
    out["layouts"] = layouts
    if tags.get("graph"):
        g = acc.Graph()
        out["graph"] = [{"name": n.name, "op": n.op, "input": list(n.input),
                         "attr": {k: json_format.MessageToDict(v, preserving_proto_field_name=True) for k, v in sorted(n.attr.items())}}
                        for n in g.node]
        out["graph_versions"] = json_format.MessageToDict(g.versions)
    if tags.get("run_metadata"):
        out["run_metadata"] = {t: json_format.MessageToDict(acc.RunMetadata(t), preserving_proto_field_name=True) for t in tags["run_metadata"]}
    # the raw event sequence: kinds and steps (file_version first, purge events)
    events = []
    for f in sorted(os.listdir(path)):
        if not f.startswith("events.out.tfevents."):
            continue
        from tensorboard.backend.event_processing import event_file_loader
        for ev in event_file_loader.EventFileLoader(os.path.join(path, f)).Load():
            events.append({"what": ev.WhichOneof("what"), "step": ev.step,
                           "file_version": ev.file_version if ev.HasField("file_version") else None,
                           "session_log": ev.session_log.status if ev.HasField("session_log") else None,
                           "source": ev.source_metadata.writer})
    out["events"] = events
    out["files"] = sorted(f for f in os.listdir(path) if os.path.isfile(os.path.join(path, f)))
    return out


def read(d):
    runs = {}
    for root, dirs, files in os.walk(d):
        if any(f.startswith("events.out.tfevents.") for f in files):
            runs[os.path.relpath(root, d)] = read_run(root)
    # projector files
    proj = {}
    for root, dirs, files in os.walk(d):
        for f in files:
            p = os.path.join(root, f)
            rel = os.path.relpath(p, d)
            if f.endswith(".tsv") or f.endswith(".pbtxt"):
                proj[rel] = open(p, encoding="utf-8").read()
            elif f.endswith(".png"):
                im = Image.open(p)
                proj[rel] = {"mode": im.mode, "size": list(im.size), "pixels": np.asarray(im).reshape(-1).tolist()}
    return {"runs": runs, "projector": proj}


def main():
    req = json.load(sys.stdin)
    if req["cmd"] == "write":
        write(req["dir"])
        json.dump({"ok": True}, sys.stdout)
    elif req["cmd"] == "read":
        json.dump(read(req["dir"]), sys.stdout)


if __name__ == "__main__":
    main()
