// The fuzz and the identity matrix as bench figures (scripts/bench.ts): one call, fresh stores.
import type { LocalRuntime } from '../runtime/runtime';
import { runFuzz } from './fuzz';
import { runIdentityMatrix } from './identity';

/** The seed and size the test (test/services/fuzz.test.ts) and the bench both use. */
export const FUZZ_SEED = 20261130;
export const FUZZ_INPUTS = 10_000;

export interface PlatformFigures {
  fuzz: { inputs: number; internalErrors: number; stateChangesOnRefusal: number; refused: number; actions: number; seed: number; ms: number };
  identity: { cells: number; wronglyAllowed: number; stateChanges: number; controlsRefused: number };
}

async function quietly<T>(run: () => Promise<T>): Promise<T> {
  const { error, warn } = console;
  console.error = () => undefined; // the functions log what they refuse; the reports count it
  console.warn = () => undefined;
  try {
    return await run();
  } finally {
    console.error = error;
    console.warn = warn;
  }
}

async function withStore<T>(freshStore: () => Promise<LocalRuntime>, run: (rt: LocalRuntime) => Promise<T>): Promise<T> {
  const rt = await freshStore();
  try {
    return await quietly(() => run(rt));
  } finally {
    rt.resetClock();
    rt.close();
  }
}

/** fuzz.* and identity.* for bench/results.json; any finding is printed so a non-zero figure can be replayed. */
export async function platformFigures(freshStore: () => Promise<LocalRuntime>): Promise<PlatformFigures> {
  const f = await withStore(freshStore, (rt) => runFuzz(rt, { inputs: FUZZ_INPUTS, seed: FUZZ_SEED }));
  const m = await withStore(freshStore, (rt) => runIdentityMatrix(rt));
  const findings = [...f.findings.internal, ...f.findings.stateChange];
  if (findings.length > 0 || m.failures.length > 0) console.error('bench: fuzz / identity findings', findings, m.failures);
  return {
    fuzz: { inputs: f.inputs, internalErrors: f.internalErrors, stateChangesOnRefusal: f.stateChangesOnRefusal, refused: f.refused, actions: Object.keys(f.byAction).length, seed: FUZZ_SEED, ms: f.ms },
    identity: { cells: m.cells, wronglyAllowed: m.wronglyAllowed, stateChanges: m.stateChanges, controlsRefused: m.controlsRefused },
  };
}
