// Python's warnings.warn for warnings that PyTorch's Python code raises (nn.Module, nn.init, ...): a Node warning
// (process.emitWarning) whose name is Python's category, shown once per message and category as Python's default
// filter shows a warning once per place it is raised from. LibTorch's own warnings arrive the same way (native).

export type WarningCategory = 'UserWarning' | 'FutureWarning' | 'DeprecationWarning' | 'RuntimeWarning' | 'TracerWarning';

const shown = new Set<string>();

/** warnings.warn(message, category): emitted once per (category, message). */
export function warn(message: string, category: WarningCategory = 'UserWarning'): void {
  const key = `${category}\0${message}`;
  if (shown.has(key)) return;
  shown.add(key);
  process.emitWarning(message, category);
}

/** @internal Forgets which warnings were shown (tests compare the warnings of one call with Python's). */
export function _resetWarnings(): void {
  shown.clear();
}
