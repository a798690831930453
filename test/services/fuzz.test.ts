// The fuzz (local/attack/fuzz.ts): 10,000 generated calls across every action of shop and admin,
// as each identity, with a fixed seed. Answers are typed and never INTERNAL; a refused call
// leaves the whole world (local/attack/world.ts) as it was. The bench reports the same figures.
import type { LocalRuntime } from '../../local/runtime/runtime';
import { FUZZ_IDENTITIES, FUZZ_TARGETS, runFuzz, type FuzzReport } from '../../local/attack/fuzz';
import { worldHash, WorldWatch } from '../../local/attack/world';
import { DEMO_SHOPPER } from '../../local/seed/demo';
import { closeStore, createStore, placeOrder } from '../support/store';

import { FUZZ_INPUTS, FUZZ_SEED } from '../../local/attack/figures';

let rt: LocalRuntime;

async function quietly<T>(run: () => Promise<T>): Promise<T> {
  const { error, warn } = console;
  console.error = () => undefined; // the functions log what they refuse; the report counts it
  console.warn = () => undefined;
  try {
    return await run();
  } finally {
    console.error = error;
    console.warn = warn;
  }
}

describe('the world hash', () => {
  beforeEach(async () => {
    rt = await createStore();
  });
  afterEach(() => closeStore(rt));

  test('sees a new document, a changed one, a payment at the cashier and a message; not a rewrite with the same content', async () => {
    const watch = new WorldWatch(rt);
    const step = async (write: () => Promise<unknown> | unknown) => {
      watch.mark();
      await write();
      return { wrote: watch.wroteSinceMark(), changed: watch.changedSinceMark() };
    };
    expect(await step(() => rt.db.collection('probe').add({ data: { _id: 'a', n: 1 } }))).toEqual({ wrote: true, changed: true });
    expect(await step(() => rt.db.collection('probe').doc('a').update({ data: { n: 2 } }))).toEqual({ wrote: true, changed: true });
    expect(await step(() => rt.db.collection('probe').doc('a').set({ data: { n: 2 } }))).toEqual({ wrote: true, changed: false });
    const orderId = await placeOrder(rt, DEMO_SHOPPER, 'p_trial');
    expect(await step(() => rt.payEvent(orderId))).toEqual({ wrote: true, changed: true });
    expect(await step(() => rt.sendSubscribeMessage({ touser: DEMO_SHOPPER, templateId: 't', data: {} }))).toEqual({ wrote: true, changed: true });
    expect(await step(() => undefined)).toEqual({ wrote: false, changed: false });
    expect(worldHash(rt.db.raw())).toMatch(/^[0-9a-f]{64}$/);
  });

  test('the fuzz notices a refused call that writes, and an INTERNAL answer (the oracle can fail)', async () => {
    const real = rt;
    let n = 0;
    rt.register('shop', {
      main: async () => {
        n += 1;
        if (n % 2 === 0) return { ok: false, error: { code: 'INTERNAL', message: 'boom' } };
        await real.db.collection('leak').add({ data: { _id: `leak-${n}` } });
        return { ok: false, error: { code: 'NOT_FOUND', message: 'x' } };
      },
    });
    // The stub answers every shop call, so the lived-in setup (real shop calls) is skipped.
    const report = await quietly(() => runFuzz(rt, { inputs: 60, seed: 1, skipSetup: true }));
    expect(report.stateChangesOnRefusal).toBeGreaterThan(0);
    expect(report.internalErrors).toBeGreaterThan(0);
  });
});

describe(`fuzz: ${FUZZ_INPUTS} generated calls, seed ${FUZZ_SEED}`, () => {
  let report: FuzzReport;
  beforeAll(async () => {
    rt = await createStore();
    report = await quietly(() => runFuzz(rt, { inputs: FUZZ_INPUTS, seed: FUZZ_SEED }));
  }, 120_000);
  afterAll(() => closeStore(rt));

  test('every answer is a typed result and none is INTERNAL', () => {
    expect(report.inputs).toBeGreaterThanOrEqual(10_000);
    expect(report.findings.internal).toEqual([]);
    expect(report.internalErrors).toBe(0);
  });

  test('no refused call changed the world', () => {
    expect(report.findings.stateChange).toEqual([]);
    expect(report.stateChangesOnRefusal).toBe(0);
    expect(report.refused).toBeGreaterThan(report.inputs / 3);
  });

  test('every action of shop and admin was called, as several identities, and each also succeeded', () => {
    const keys = FUZZ_TARGETS.map((t) => `${t.fn}.${t.action}`).sort();
    expect(Object.keys(report.byAction).sort()).toEqual(keys);
    for (const key of keys) {
      expect(report.byAction[key].calls).toBeGreaterThanOrEqual(Math.floor(FUZZ_INPUTS / keys.length));
      expect([key, report.byAction[key].ok]).not.toEqual([key, 0]);
    }
    for (const fn of ['shop', 'admin']) for (const id of FUZZ_IDENTITIES) expect(report.byIdentity[`${fn} ${id}`]).toBeGreaterThan(50);
  });

  test('valid inputs, targeted mutations and junk were all sent', () => {
    expect(report.byMode.valid).toBeGreaterThan(3000);
    expect(report.byMode.mutated).toBeGreaterThan(3000);
    expect(report.byMode['junk input']).toBeGreaterThan(500);
    expect(report.byMode['junk event']).toBeGreaterThan(200);
  });

  test('the journal still adds up and no typed text smuggled control characters into storage', () => {
    expect(report.auditProblems).toEqual([]);
    expect(report.dirtyStrings).toEqual([]);
  });
});
