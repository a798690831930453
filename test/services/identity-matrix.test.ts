// The identity matrix (local/attack/identity.ts): every admin action × every non-owner caller,
// every shop action × every context that is not a mini program user, payNotify and refundNotify ×
// every SOURCE but wx_paycallback, cron × every SOURCE but wx_trigger — all refused, nothing
// changed — with controls showing the same calls go through for the right caller.
import { adminActions, shopActions } from '../../src/contracts';
import { SOURCE } from '../../cloudfunctions/src/platform';
import { NON_OWNER_USERS, NON_USER_CONTEXTS, otherSources, runIdentityMatrix, type IdentityReport } from '../../local/attack/identity';
import type { LocalRuntime } from '../../local/runtime/runtime';
import { closeStore, createStore } from '../support/store';

let rt: LocalRuntime;
let report: IdentityReport;
beforeAll(async () => {
  rt = await createStore();
  const { error, warn } = console;
  console.error = () => undefined;
  console.warn = () => undefined;
  try {
    report = await runIdentityMatrix(rt);
  } finally {
    console.error = error;
    console.warn = warn;
  }
}, 60_000);
afterAll(() => closeStore(rt));

test('every cell of the matrix was tried', () => {
  const admin = Object.keys(adminActions).length * (NON_OWNER_USERS.length + NON_USER_CONTEXTS.length);
  const shop = Object.keys(shopActions).length * NON_USER_CONTEXTS.length;
  const callbacks = 2 * otherSources(SOURCE.payCallback, false).length;
  const cron = otherSources(SOURCE.trigger, true).length;
  expect(report.cells).toBe(admin + shop + callbacks + cron);
  expect(report.cells).toBeGreaterThan(1000);
});

test('no cell was allowed and no cell changed the world', () => {
  expect(report.failures).toEqual([]);
  expect(report.wronglyAllowed).toBe(0);
  expect(report.stateChanges).toBe(0);
});

test('the same calls go through for the owner, a shopper, WeChat Pay and the timer', () => {
  expect(report.controlsRefused).toBe(0);
});

test('the callers include every documented SOURCE, chains, an empty context and forged values', () => {
  const names = otherSources(SOURCE.trigger, true).map((c) => c.name);
  for (const s of Object.values(SOURCE).filter((v) => v !== SOURCE.trigger)) expect(names).toContain(s);
  expect(names).toEqual(expect.arrayContaining(['no SOURCE', 'forged wx_timer', `${SOURCE.trigger},${SOURCE.cloudFunction}`, `${SOURCE.trigger} + shopper`]));
  expect(otherSources(SOURCE.payCallback, false).map((c) => c.name)).toEqual(expect.arrayContaining(['forged wx_pay', `${SOURCE.payCallback},${SOURCE.cloudFunction}`]));
  expect(NON_USER_CONTEXTS.map((c) => c.name)).toEqual(expect.arrayContaining(['empty context', 'wx_client,scf + owner', 'wx_http + owner']));
});
