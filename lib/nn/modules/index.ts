// torch.nn.modules: the module classes, and torch.nn.modules.module (module.py: Module and the global hooks).
export * as module from '../module';
export { Module } from '../module';
export { Container, Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict } from './container';
export { Identity, Linear, Bilinear, LazyLinear, NonDynamicallyQuantizableLinear } from './linear';
export {
  Threshold, ReLU, RReLU, Hardtanh, ReLU6, Sigmoid, Hardsigmoid, Tanh, SiLU, Mish, Hardswish, ELU, CELU, SELU, GLU, GELU,
  Hardshrink, LeakyReLU, LogSigmoid, Softplus, Softshrink, MultiheadAttention, PReLU, Softsign, Tanhshrink, Softmin, Softmax,
  Softmax2d, LogSoftmax,
} from './activation';
export {
  Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d, LazyConv1d, LazyConv2d, LazyConv3d,
  LazyConvTranspose1d, LazyConvTranspose2d, LazyConvTranspose3d,
} from './conv';
export {
  MaxPool1d, MaxPool2d, MaxPool3d, MaxUnpool1d, MaxUnpool2d, MaxUnpool3d, AvgPool1d, AvgPool2d, AvgPool3d, FractionalMaxPool2d,
  FractionalMaxPool3d, LPPool1d, LPPool2d, LPPool3d, AdaptiveMaxPool1d, AdaptiveMaxPool2d, AdaptiveMaxPool3d, AdaptiveAvgPool1d,
  AdaptiveAvgPool2d, AdaptiveAvgPool3d,
} from './pooling';
export { BatchNorm1d, BatchNorm2d, BatchNorm3d, SyncBatchNorm, LazyBatchNorm1d, LazyBatchNorm2d, LazyBatchNorm3d } from './batchnorm';
export { InstanceNorm1d, InstanceNorm2d, InstanceNorm3d, LazyInstanceNorm1d, LazyInstanceNorm2d, LazyInstanceNorm3d } from './instancenorm';
export { LocalResponseNorm, CrossMapLRN2d, LayerNorm, GroupNorm, RMSNorm } from './normalization';
export { Dropout, Dropout1d, Dropout2d, Dropout3d, AlphaDropout, FeatureAlphaDropout } from './dropout';
export { Flatten, Unflatten } from './flatten';
export { Embedding, EmbeddingBag } from './sparse';
export { RNNBase, RNN, LSTM, GRU, RNNCellBase, RNNCell, LSTMCell, GRUCell } from './rnn';
export { Transformer, TransformerEncoder, TransformerDecoder, TransformerEncoderLayer, TransformerDecoderLayer } from './transformer';
export {
  ZeroPad1d, ZeroPad2d, ZeroPad3d, ConstantPad1d, ConstantPad2d, ConstantPad3d, ReflectionPad1d, ReflectionPad2d, ReflectionPad3d,
  ReplicationPad1d, ReplicationPad2d, ReplicationPad3d, CircularPad1d, CircularPad2d, CircularPad3d,
} from './padding';
export { Upsample, UpsamplingNearest2d, UpsamplingBilinear2d } from './upsampling';
export { PixelShuffle, PixelUnshuffle } from './pixelshuffle';
export { ChannelShuffle } from './channelshuffle';
export { Fold, Unfold } from './fold';
export { PairwiseDistance, CosineSimilarity } from './distance';
export {
  L1Loss, NLLLoss, NLLLoss2d, PoissonNLLLoss, GaussianNLLLoss, KLDivLoss, MSELoss, BCELoss, BCEWithLogitsLoss, HingeEmbeddingLoss,
  MultiLabelMarginLoss, SmoothL1Loss, HuberLoss, SoftMarginLoss, CrossEntropyLoss, MultiLabelSoftMarginLoss, CosineEmbeddingLoss,
  MarginRankingLoss, MultiMarginLoss, TripletMarginLoss, TripletMarginWithDistanceLoss, CTCLoss,
} from './loss';
export { AdaptiveLogSoftmaxWithLoss, type ASMoutput } from './adaptive';
