// The retry policy (src/contracts/retry.ts) and the API client's use of it, with an injected
// transport, sleep and randomness: nothing is sent and nothing waits.
const showLoading = jest.fn();
const hideLoading = jest.fn();
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: { showLoading: (...a: unknown[]) => showLoading(...a), hideLoading: (...a: unknown[]) => hideLoading(...a) } }));

import fc from 'fast-check';
import { backoffMs, retrying, type RetryPolicy } from '../../src/contracts/retry';
import { CLIENT_RETRY, callWith, isApiClientError, subscribeRetrying, type CallDeps, type Transport } from '../../src/api/client';

const POLICY: RetryPolicy = { attempts: 4, baseMs: 100, capMs: 300 };
const busy = () => Object.assign(new Error('busy'), { transient: true });
const transientOnly = (e: unknown) => (e as { transient?: boolean }).transient === true;

describe('backoffMs: full jitter under a doubling, capped ceiling', () => {
  test('always within [0, min(cap, base·2^retry))', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 30 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (retry, r) => {
      const ms = backoffMs(retry, POLICY, () => r);
      return Number.isInteger(ms) && ms >= 0 && ms < Math.min(POLICY.capMs, POLICY.baseMs * 2 ** retry);
    }));
  });

  test.each([[0, 0.5, 50], [1, 0.5, 100], [2, 0.5, 150], [5, 0.5, 150], [3, 0, 0]])('retry %i, random %f → %i ms', (retry, r, ms) => {
    expect(backoffMs(retry, POLICY, () => r)).toBe(ms);
  });
});

describe('retrying', () => {
  const deps = () => {
    const slept: number[] = [];
    return { slept, sleep: async (ms: number) => { slept.push(ms); }, random: () => 0.5 };
  };

  test('a transient failure is retried until it succeeds, with the backoff between tries', async () => {
    const d = deps();
    let calls = 0;
    const value = await retrying(async () => { calls += 1; if (calls < 3) throw busy(); return 'ok'; }, transientOnly, POLICY, d);
    expect([value, calls, d.slept]).toEqual(['ok', 3, [50, 100]]);
  });

  test('a final failure is thrown at once', async () => {
    const d = deps();
    let calls = 0;
    const final = new Error('final');
    await expect(retrying(async () => { calls += 1; throw final; }, transientOnly, POLICY, d)).rejects.toBe(final);
    expect([calls, d.slept]).toEqual([1, []]);
  });

  test('gives up after the bound and throws the last error', async () => {
    const d = deps();
    let calls = 0;
    const errors: Error[] = [];
    const err = await retrying(async () => { calls += 1; const e = busy(); errors.push(e); throw e; }, transientOnly, POLICY, d).catch((e: unknown) => e);
    expect(calls).toBe(POLICY.attempts);
    expect(err).toBe(errors[errors.length - 1]);
    expect(d.slept).toHaveLength(POLICY.attempts - 1);
  });
});

describe('the API client retries transient failures only, with the same input', () => {
  const input = { requestId: 'req-1', lines: [{ productId: 'p_trial', qty: 1 }], usePoints: false };
  const me = { openid: 'o1', nickname: 'x', stage: 'fan', isOwner: false, paidOrderCount: 0 };
  const ok = { ok: true, data: { me } };
  const fail = (code: string) => ({ ok: false, error: { code, message: `${code}!` } });

  function client(answers: Array<unknown | Error>): { deps: CallDeps; sent: unknown[]; slept: number[] } {
    const sent: unknown[] = [];
    const slept: number[] = [];
    const send: Transport = async (_name, _action, body) => {
      sent.push(body);
      const next = answers.length > 1 ? answers.shift() : answers[0];
      if (next instanceof Error) throw next;
      return next;
    };
    return { deps: { send, sleep: async (ms) => { slept.push(ms); }, random: () => 0.5 }, sent, slept };
  }

  beforeEach(() => { showLoading.mockClear(); hideLoading.mockClear(); });

  test('CONFLICT, then a function timeout, then the answer: the caller gets the answer; every call carried the same input (request id)', async () => {
    const order = {
      _id: 'Oabc', orderNo: '202601010000001234', kind: 'goods', status: 'PENDING', lines: [{ productId: 'p_trial', name: '试用装', qty: 1, listPriceFen: 990, unitPriceFen: 990, amountFen: 990 }],
      totalFen: 990, pointsUsed: 0, pointsDiscountFen: 0, payableFen: 990, payMethod: null, balanceSplit: null, pointsEarned: 0, createdAtMs: 1, paidAtMs: null, expiresAtMs: 2, group: null,
    };
    const c = client([fail('CONFLICT'), new Error('cloud.callFunction:fail -504003 Invoking task timed out after 3 seconds'), { ok: true, data: { order } }]);
    await expect(callWith(c.deps, 'shop', 'order.create', input)).resolves.toEqual({ order: expect.objectContaining({ _id: 'Oabc' }) });
    expect(c.sent).toHaveLength(3);
    for (const body of c.sent) expect(body).toBe(input); // the very same input: its requestId makes a repeated create a no-op
    expect(c.slept).toEqual([125, 250]);
  });

  test.each(['INSUFFICIENT_BALANCE', 'SOLD_OUT', 'IDEMPOTENCY_MISMATCH', 'INTERNAL', 'NOT_PAYABLE'])('%s is final: one call, no retry', async (code) => {
    const c = client([fail(code)]);
    const err = await callWith(c.deps, 'shop', 'session.get', {}).catch((e: unknown) => e);
    expect(isApiClientError(err) && err.code).toBe(code);
    expect([c.sent.length, c.slept.length]).toEqual([1, 0]);
    expect(showLoading).not.toHaveBeenCalled();
  });

  test('a server that stays busy: the shopper sees CONFLICT only after the bounded retries', async () => {
    const c = client([fail('CONFLICT')]);
    const err = await callWith(c.deps, 'shop', 'session.get', {}).catch((e: unknown) => e);
    expect(isApiClientError(err) && [err.code, err.message]).toEqual(['CONFLICT', 'CONFLICT!']);
    expect(c.sent).toHaveLength(CLIENT_RETRY.attempts);
  });

  test('a network that stays down: a network error after the bounded retries', async () => {
    const c = client([new Error('offline')]);
    const err = await callWith(c.deps, 'shop', 'session.get', {}).catch((e: unknown) => e);
    expect(isApiClientError(err) && [err.code, err.message]).toEqual(['INTERNAL', '网络异常，请稍后重试']);
    expect(c.sent).toHaveLength(CLIENT_RETRY.attempts);
  });

  test('while retrying, pages can tell (subscribe) and the default shows 排队中… once, hidden when done', async () => {
    const heard: boolean[] = [];
    const stop = subscribeRetrying((on) => heard.push(on));
    const c = client([fail('CONFLICT'), fail('CONFLICT'), ok]);
    await callWith(c.deps, 'shop', 'session.get', {});
    stop();
    expect(heard).toEqual([true, false]);
    expect(showLoading).toHaveBeenCalledTimes(1);
    expect(showLoading).toHaveBeenCalledWith({ title: '排队中…', mask: true });
    expect(hideLoading).toHaveBeenCalledTimes(1);
  });

  test('an unknown action is refused without a call', async () => {
    const c = client([ok]);
    await expect(callWith(c.deps, 'shop', 'nope' as 'session.get', {})).rejects.toMatchObject({ code: 'UNKNOWN_ACTION' });
    expect(c.sent).toHaveLength(0);
  });
});
