// Documented failures of the OpInfo parity suite (opinfo.test.ts): ops whose samples run in torch-node but differ
// from Python, with the reason. A listed op may fail up to `max` samples and error inputs (counted as known
// failures in docs/opinfo-coverage.md); more failures, or none at all (the entry is stale), fail the suite.
export interface KnownFailure {
  why: string;
  max: number;
}

export const KNOWN_FAILURES: Record<string, KnownFailure> = {};
