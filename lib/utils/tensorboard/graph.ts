// SummaryWriter.add_graph: the model's graph as TensorBoard's GraphDef, after torch/utils/tensorboard/
// _pytorch_graph.py and _proto_graph.py. As PyTorch does, the model is traced with torch.jit.trace (here:
// LibTorch's tracer around the JS forward, lib/jit/trace.ts), its graph inlined, and the nodes named by module
// scope (`Net/Sequential[fc]/Linear[0]/...`), with each op's attributes and output shapes.
import { native, type JitGraphData, type JitValueData } from '../../native/binding';
import { wrap } from '../../tensor/tensor';
import { tidy } from '../../tensor/scope';
import { Module } from '../../nn/module';
import { trace } from '../../jit/trace';
import { floatRepr } from '../../nn/functional/_utils';
import { pyStrRepr } from '../../nn/module';
import { Proto, nz } from './proto';

const GETATTR_KIND = 'prim::GetAttr';
const CLASSTYPE_KIND = 'ClassType';

/** A node before naming: NodePyIO / NodePyOP / NodeBase of _pytorch_graph.py. */
interface GraphNode {
  debugName: string;
  inputs: string[];
  tensor_size: number[] | null;
  kind: string;
  attributes: string;
  scope: string | null;
  input_or_output?: string;
}
interface OpNode {
  inputs: string[];
  outputs: string[];
  outputstensor_size: (number[] | null)[];
  scopeName: string;
  kind: string;
  attributes: string;
}

/** Python's repr of an attribute value (node.i / f / s / t / is / fs / ss / ival / ty). */
function attrRepr(kind: string, v: unknown): string {
  switch (kind) {
    case 'i':
      return String(v);
    case 'f':
      return floatRepr(v as number);
    case 's':
      return pyStrRepr(v as string);
    case 't':
      return tidy(() => wrap(v as number).toString());
    case 'is':
      return `[${(v as number[]).join(', ')}]`;
    case 'fs':
      return `[${(v as number[]).map(floatRepr).join(', ')}]`;
    case 'ss':
      return `[${(v as string[]).map(pyStrRepr).join(', ')}]`;
    case 'ival':
      return ivalRepr(v);
    default:
      return String(v);
  }
}

function ivalRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return pyStrRepr(v);
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return `[${v.map(ivalRepr).join(', ')}]`;
  const o = v as { t?: number; tuple?: unknown[]; dict?: [unknown, unknown][] };
  if (o.t !== undefined) return attrRepr('t', o.t);
  if (o.tuple !== undefined) return o.tuple.length === 1 ? `(${ivalRepr(o.tuple[0])},)` : `(${o.tuple.map(ivalRepr).join(', ')})`;
  if (o.dict !== undefined) return `{${o.dict.map(([k, x]) => `${ivalRepr(k)}: ${ivalRepr(x)}`).join(', ')}}`;
  return String(v);
}

/** str({k: _node_get(node, k) ...}).replace("'", " ") */
function attributesString(attrs: [string, string, unknown][]): string {
  const body = attrs.map(([name, kind, value]) => `${pyStrRepr(name)}: ${attrRepr(kind, value)}`).join(', ');
  return `{${body}}`.replace(/'/g, ' ');
}

/** NodePyIO's tensor_size: the type's sizes; none for a tensor without them; [1] for a value that is no tensor. */
function ioSize(v: JitValueData): number[] | null {
  if (v[1] !== 'TensorType') return [1];
  return v[2];
}

/** _pytorch_graph.parse: the NodeDefs of a traced, inlined graph. moduleNames: __module-prefixed module paths ->
 *  their class names, as parse_traced_name gives them. */
export function parseGraph(graph: JitGraphData, baseName: string, moduleNames: Map<string, string>, omit_useless_nodes = true): Proto[] {
  const nodes_io = new Map<string, GraphNode>();
  const nodes_op: OpNode[] = [];
  for (const v of graph.inputs) {
    if (omit_useless_nodes && v[4] === 0) continue;
    if (v[1] !== CLASSTYPE_KIND) {
      nodes_io.set(v[0], { debugName: v[0], inputs: [], tensor_size: ioSize(v), kind: 'IO Node', attributes: '', scope: null, input_or_output: 'input' });
    }
  }
  const attr_to_scope = new Map<string, string>();
  const opOf = (n: JitGraphData['nodes'][number]): OpNode => ({
    inputs: n.inputs,
    outputs: n.outputs.map((o) => o[0]),
    outputstensor_size: n.outputs.map((o) => (o[3] ? o[2] : null)),
    scopeName: n.scope,
    kind: n.kind,
    attributes: attributesString(n.attrs),
  });
  for (const n of graph.nodes) {
    if (n.kind === GETATTR_KIND) {
      const attr_name = n.attrs.find(([k]) => k === 'name')![2] as string;
      const attr_key = n.outputs[0][0];
      if (n.inputKinds[0] === GETATTR_KIND) {
        const parent_scope = attr_to_scope.get(n.inputs[0])!;
        const attr_scope = parent_scope.split('/').pop()!;
        attr_to_scope.set(attr_key, `${parent_scope}/${attr_scope}.${attr_name}`);
      } else {
        attr_to_scope.set(attr_key, `__module.${attr_name}`);
      }
      if (n.outputs[0][1] !== CLASSTYPE_KIND) {
        const op = opOf(n);
        op.scopeName = attr_to_scope.get(attr_key)!;
        nodes_op.push(op);
      }
    } else {
      nodes_op.push(opOf(n));
    }
  }
  graph.outputs.forEach((v, i) => {
    const name = `output.${i + 1}`;
    nodes_io.set(name, { debugName: name, inputs: [v[0]], tensor_size: ioSize(v), kind: 'IO Node', attributes: '', scope: null, input_or_output: 'output' });
  });
  for (const node of nodes_op) {
    const replacements = node.scopeName.split('/').map((alias) => moduleNames.get(alias) ?? alias.split('.').pop()!);
    node.scopeName = baseName + (replacements.some((r) => r !== '') ? '/' + replacements.join('/') : '');
  }
  // populate_namespace_from_OP_to_IO
  const scope_name_appeared: string[] = [];
  for (const node of nodes_op) {
    node.outputs.forEach((out, k) => {
      scope_name_appeared.push(node.scopeName);
      nodes_io.set(out, { debugName: out, inputs: node.inputs, tensor_size: node.outputstensor_size[k], kind: node.kind, attributes: node.attributes, scope: node.scopeName });
    });
  }
  let shallowest = 'default';
  for (const s of scope_name_appeared) if (s) shallowest = s.split('/')[0];
  const scoped = new Map<string, string>();
  for (const node of nodes_op) for (const id of node.inputs) scoped.set(id, `${node.scopeName}/${id}`);
  for (const [key, node] of nodes_io) {
    if (node.input_or_output === undefined) scoped.set(key, `${node.scope}/${node.debugName}`);
    else scoped.set(key, `${node.input_or_output}/${node.debugName}`);
    if (node.scope !== null) {
      scoped.set(key, `${node.scope}/${node.debugName}`);
      if (node.scope === '' && shallowest) scoped.set(node.debugName, `${shallowest}/${node.debugName}`);
    }
  }
  for (const node of nodes_io.values()) {
    node.inputs = node.inputs.map((id) => scoped.get(id)!);
    if (scoped.has(node.debugName)) node.debugName = scoped.get(node.debugName)!;
  }
  return [...nodes_io.values()].map((v) => nodeProto(v.debugName, v.kind, v.inputs, v.tensor_size, v.attributes));
}

/** _proto_graph.node_proto: NodeDef{name, op, input, attr: {attr: s, _output_shapes: [shape]}} */
function nodeProto(name: string, op: string, inputs: string[], outputsize: number[] | null, attributes: string): Proto {
  const attr = (key: string, value: Proto) => new Proto().bytes(1, key).message(2, value);
  const entries = [attr('attr', new Proto().bytes(2, attributes))];
  if (outputsize !== null) {
    const shape = new Proto().repeated(2, outputsize, (d) => new Proto().int(1, nz(d)));
    entries.push(attr('_output_shapes', new Proto().message(1, new Proto().message(7, shape))));
  }
  return new Proto().bytes(1, nz(name)).bytes(2, nz(op)).repeated(3, inputs, (s) => s).repeated(5, entries, (e) => e);
}

/** _pytorch_graph.graph: [GraphDef bytes, RunMetadata bytes] of the model run on input_to_model. */
export function graph(model: Module, args: unknown, verbose = false, use_strict_trace = true): [Uint8Array, Uint8Array] {
  if (!(model instanceof Module)) throw new TypeError('add_graph: model must be a torch.nn.Module');
  const training = model.training;
  model.train(false);
  let traced;
  try {
    traced = trace(model, args, { strict: use_strict_trace });
  } catch (e) {
    console.log((e as Error).message);
    console.log('Error occurs, No graph saved');
    throw e;
  } finally {
    model.train(training);
  }
  const data = native.jitGraph(traced._m, 'forward', true);
  if (verbose) console.log(data.text);
  const names = new Map<string, string>();
  for (const [name, m] of model.named_modules({ prefix: '__module' })) {
    names.set(name, `${m._get_name()}[${name.split('.').pop()}]`);
  }
  const nodes = parseGraph(data, model._get_name(), names);
  const graphDef = new Proto().repeated(1, nodes, (n) => n).message(4, new Proto().int(1, 22)).finish();
  // RunMetadata(step_stats=StepStats(dev_stats=[DeviceStepStats(device="/device:CPU:0")]))
  const stepStats = new Proto().message(1, new Proto().message(1, new Proto().bytes(1, '/device:CPU:0'))).finish();
  return [graphDef, stepStats];
}
