// torch.nn.functional: the part that PyTorch itself defines as LibTorch builtins (functional.py assigns these
// C++ ops directly, so their signatures are the op schema's). The Python-defined functions (relu with inplace=,
// dropout with training=, the losses with reduction='mean', ...) arrive with torch.nn; see docs/features.md.
import * as T from '../generated/torch_functions';
import * as NN from '../generated/nn_functions';

export const conv1d = T.conv1d;
export const conv2d = T.conv2d;
export const conv3d = T.conv3d;
export const conv_transpose1d = T.conv_transpose1d;
export const conv_transpose2d = T.conv_transpose2d;
export const conv_transpose3d = T.conv_transpose3d;
export const conv_tbc = T.conv_tbc;
export const avg_pool1d = T.avg_pool1d;
export const avg_pool2d = NN.avg_pool2d;
export const avg_pool3d = NN.avg_pool3d;
export const adaptive_avg_pool1d = T.adaptive_avg_pool1d;
export const pixel_shuffle = T.pixel_shuffle;
export const pixel_unshuffle = T.pixel_unshuffle;
export const channel_shuffle = T.channel_shuffle;
export const hardtanh_ = NN.hardtanh_;
export const elu_ = NN.elu_;
export const leaky_relu_ = NN.leaky_relu_;
export const logsigmoid = NN.log_sigmoid;
export const gelu = NN.gelu;
export const hardshrink = T.hardshrink;
export const softshrink = NN.softshrink;
export const softplus = NN.softplus;
export const pdist = T.pdist;
export const cosine_similarity = T.cosine_similarity;
export const pairwise_distance = T.pairwise_distance;
export const one_hot = NN.one_hot;
export const rrelu_ = T.rrelu_;
export const celu_ = T.celu_;
export const selu_ = T.selu_;
export const relu_ = T.relu_;
export const threshold_ = T.threshold_;
export const prelu = T.prelu;
export const pad = NN.pad;
export const linear = NN.linear;
export const bilinear = T.bilinear;
