// Completes Tensor.prototype: generated op methods, data access, Python-level methods, and printing. This module
// sits above the core Tensor class and the generated code, so neither imports the other in a cycle.
import { inspect } from 'util';

import { Tensor } from './tensor';
import { installTensorMethods } from '../generated/tensor_methods';
import { installDataMethods } from './data';
import { installPythonMethods } from './python_methods';
import { tensorRepr } from './print';
import { installAutogradMethods } from '../autograd/autograd';
import { installIndexing } from './indexing';
import { installHooks } from '../autograd/hooks';
// The modules above also declare their methods on the Tensor interface (`declare module './tensor'`). tsc drops
// imports used only for values from the emitted .d.ts, so these bare imports are what keep those declarations
// reachable from the package's types (a user's project sees x.matmul, x.item, x.backward, x.at ...).
// scripts/check-package.sh checks every augmentation in dist/ is reachable from the package's entry.
import '../generated/tensor_methods';
import './data';
import './python_methods';
import '../autograd/autograd';
import './indexing';
import '../autograd/hooks';

installTensorMethods(Tensor.prototype as unknown as Record<string, unknown>);
installDataMethods(Tensor.prototype);
installPythonMethods(Tensor.prototype);
installAutogradMethods(Tensor.prototype);
installIndexing(Tensor.prototype);
installHooks(Tensor.prototype);

Object.defineProperties(Tensor.prototype, {
  toString: {
    value: function (this: Tensor): string {
      return tensorRepr(this);
    },
    writable: true,
    configurable: true,
  },
  [inspect.custom]: {
    value: function (this: Tensor): string {
      return this.isDisposed ? 'tensor(<disposed>)' : tensorRepr(this);
    },
    writable: true,
    configurable: true,
  },
});

export { Tensor };
