// torch.nn.functional's Python warnings (deprecations, implicit choices, suspicious shapes) against the
// warnings Python emits for the same calls, captured live.
import torch from '../../../lib';
import { parityCases, warningCase } from './cases';

const F = torch.nn.functional;
type Fn = (...a: unknown[]) => unknown;
let x: torch.Tensor; // float64 [2, 3, 4]
let y: torch.Tensor; // float64 [2, 3, 4]

const PRE = `
torch.manual_seed(0)
x = torch.randn(2, 3, 4, dtype=torch.float64)
y = torch.rand(2, 3, 4, dtype=torch.float64)
`;

describe('torch.nn.functional warnings (parity with Python)', () => {
  parityCases(PRE, () => {
    torch.manual_seed(0);
    x = torch.randn(2, 3, 4, { dtype: torch.float64 });
    y = torch.rand(2, 3, 4, { dtype: torch.float64 });
  }, [
    warningCase('softmax without dim', 'F.softmax(x)', () => F.softmax(x)),
    warningCase('softmax with dim', 'F.softmax(x, 1)', () => F.softmax(x, 1)),
    warningCase('softmin without dim', 'F.softmin(x)', () => F.softmin(x)),
    warningCase('log_softmax without dim', 'F.log_softmax(x)', () => F.log_softmax(x)),
    warningCase('gumbel_softmax eps', 'F.gumbel_softmax(x, eps=1e-5)', () => F.gumbel_softmax(x, { eps: 1e-5 })),
    warningCase('dropout2d 3-d', 'F.dropout2d(x)', () => F.dropout2d(x)),
    warningCase('dropout2d 2-d', 'F.dropout2d(x[0])', () => F.dropout2d(x.at(0))),
    warningCase('dropout3d 3-d', 'F.dropout3d(x)', () => F.dropout3d(x)),
    warningCase('size_average', 'F.mse_loss(x, y, size_average=False)', () => F.mse_loss(x, y, { size_average: false })),
    warningCase('reduce', 'F.nll_loss(x, y.long(), reduce=False)', () => F.nll_loss(x, y.long(), { reduce: false })),
    warningCase('legacy mean', 'F.binary_cross_entropy(y, y, size_average=True)', () => F.binary_cross_entropy(y, y, { size_average: true })),
    warningCase('elementwise_mean', "F.l1_loss(x, y, reduction='elementwise_mean')", () => F.l1_loss(x, y, { reduction: 'elementwise_mean' })),
    warningCase('kl_div mean', 'F.kl_div(x, y)', () => F.kl_div(x, y)),
    warningCase('kl_div batchmean', "F.kl_div(x, y, reduction='batchmean')", () => F.kl_div(x, y, { reduction: 'batchmean' })),
    warningCase('target size', 'F.smooth_l1_loss(x, y[0])', () => F.smooth_l1_loss(x, y.at(0))),
    warningCase('target size huber', 'F.huber_loss(x, y[:, :1])', () => F.huber_loss(x, y.at(':', ':1'))),
    warningCase('upsample', 'F.upsample(x, 8)', () => F.upsample(x, 8)),
    warningCase('upsample_nearest', 'F.upsample_nearest(x, scale_factor=2)', () => F.upsample_nearest(x, { scale_factor: 2 })),
    warningCase('upsample_bilinear', 'F.upsample_bilinear(x[None], 5)', () => F.upsample_bilinear(x.unsqueeze(0), 5)),
    warningCase('grid_sample align_corners', 'F.grid_sample(x[None], y[None, :, :, :2])', () => F.grid_sample(x.unsqueeze(0), y.unsqueeze(0).at(':', ':', ':', ':2'))),
    warningCase('affine_grid unit size', 'F.affine_grid(x[:, :2, :3], [2, 1, 1, 4], True)', () => F.affine_grid(x.at(':', ':2', ':3'), [2, 1, 1, 4], true)),
    warningCase('embedding_bag argument order', 'F.embedding_bag(x[0], torch.tensor([[0, 1]]))', () => F.embedding_bag(x.at(0), torch.tensor([[0n, 1n]]))),
    warningCase(
      'mismatched masks',
      'F.multi_head_attention_forward(x, x, x, 4, 1, torch.eye(4, dtype=torch.float64).repeat(3, 1), None, None, None, False, 0.0, torch.eye(4, dtype=torch.float64), None, key_padding_mask=torch.zeros(3, 2, dtype=torch.bool), attn_mask=torch.zeros(2, 2, dtype=torch.float64))',
      () => (F.multi_head_attention_forward as Fn)(x, x, x, 4, 1, torch.eye(4, { dtype: torch.float64 }).repeat(3, 1), null, null, null, false, 0.0, torch.eye(4, { dtype: torch.float64 }), null, { key_padding_mask: torch.zeros([3, 2], { dtype: torch.bool }), attn_mask: torch.zeros([2, 2], { dtype: torch.float64 }) }),
    ),
  ]);
});
