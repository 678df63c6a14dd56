// The OpInfo parity suite over op_db's torch.nn.functional entries (opinfo_suite.ts says how).
import { opinfoSuite } from './opinfo_suite';

opinfoSuite('nn');
