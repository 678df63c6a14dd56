// torch-node: PyTorch for Node.js. `import torch from 'torch-node'` or `const torch = require('torch-node')`.
import * as torch from './torch';

export * from './torch';
export default torch;
