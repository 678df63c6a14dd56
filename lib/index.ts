// torch-node: PyTorch for Node.js. `import torch from 'torch-node'` or `const torch = require('torch-node')`.
import * as torch from './torch';

export * from './torch';
export default torch;

// Tensors and grad-mode guards are Disposable (`using x = ...`). These are the declarations of TypeScript's
// `esnext.disposable` lib that the package's types use, so a user's project type-checks with any `lib` setting;
// when the user's lib has them too, the two merge (the same shape @types/node declares).
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
    readonly asyncDispose: unique symbol;
  }
  interface Disposable {
    [Symbol.dispose](): void;
  }
}
