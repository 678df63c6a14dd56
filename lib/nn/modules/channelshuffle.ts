// ChannelShuffle, after PyTorch's torch/nn/modules/channelshuffle.py.
import type { Tensor } from '../../tensor/tensor';
import * as F from '../functional';
import { parse, req } from '../functional/_utils';
import { Module } from '../module';

/** ChannelShuffle(groups): (N, g·c, *) channels regrouped as (N, c·g, *) (ShuffleNet's shuffle). */
export class ChannelShuffle extends Module {
  declare groups: number;
  constructor(...args: [groups: number] | [{ groups: number }]) {
    super();
    this.groups = parse('ChannelShuffle.__init__', args, { groups: req<number>() }).groups;
  }
  override forward(input: Tensor): Tensor {
    return (F.channel_shuffle as (...a: unknown[]) => Tensor)(input, this.groups);
  }
  override extra_repr(): string {
    return `groups=${this.groups}`;
  }
}
