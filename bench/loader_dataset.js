// The dataset of bench/loader.js: each sample costs real per-item preparation in JavaScript (a 32x32 3-channel
// image synthesised pixel by pixel, then blurred and normalised), as decoding and augmenting an image does.
'use strict';
const path = require('path');
const torch = require(path.join(__dirname, '..', 'dist', 'cjs', 'index.js'));

class SyntheticImages extends torch.utils.data.Dataset {
  constructor(n, passes = 24) {
    super();
    this.n = n;
    this.passes = passes;
  }
  __getitem__(i) {
    const S = 32;
    let img = new Float32Array(3 * S * S);
    let seed = (i + 1) * 2654435761;
    for (let k = 0; k < img.length; k++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      img[k] = (seed >>> 8) / 16777216;
    }
    const tmp = new Float32Array(img.length);
    for (let p = 0; p < this.passes; p++) {
      for (let c = 0; c < 3; c++) {
        for (let y = 0; y < S; y++) {
          for (let x = 0; x < S; x++) {
            let s = 0;
            let w = 0;
            for (let dy = -1; dy <= 1; dy++) {
              for (let dx = -1; dx <= 1; dx++) {
                const yy = y + dy;
                const xx = x + dx;
                if (yy >= 0 && yy < S && xx >= 0 && xx < S) {
                  s += img[c * S * S + yy * S + xx];
                  w++;
                }
              }
            }
            tmp[c * S * S + y * S + x] = s / w;
          }
        }
      }
      [img, tmp[0]] = [tmp.slice(), 0];
    }
    return [torch.tensor(img).reshape(3, S, S), i % 10];
  }
  __len__() {
    return this.n;
  }
  __reduce__() {
    return [__filename, 'SyntheticImages', [this.n, this.passes]];
  }
}

module.exports = { SyntheticImages };
