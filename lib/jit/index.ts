// torch.jit: TorchScript modules (load, run, save: script_module.ts) and tracing of torch-node modules (trace.ts).
export { ScriptModule, load, loadAsync, save, type JitLoadOptions } from './script_module';
export { trace, type TraceOptions } from './trace';
