// The OpInfo parity suite over every op of PyTorch's op_db outside nn.functional (opinfo_suite.ts says how).
import { opinfoSuite } from './opinfo_suite';

opinfoSuite('torch');
