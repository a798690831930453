// A model test through the real functions: random sequences of top-ups, purchases (WeChat Pay
// or balance, with or without points), duplicated callbacks, refunds, points redemptions and
// order expiries, checked after every step against plain counters. Conservation: every balance
// equals the model and the journal; stored value never goes below zero; points go negative only
// through a refund reversal.
import fc from 'fast-check';
import type { LocalRuntime } from '../../local/runtime/runtime';
import { auditJournal } from '../../local/audit';
import { DEMO_OWNER, DEMO_SHOPPER } from '../../local/seed/demo';
import { act, closeStore, createStore, docOrNull } from '../support/store';

jest.setTimeout(120_000);

const PRICES: Record<string, number> = { p_trial: 990, p_diaper: 12800, p_tonic: 29800 }; // customer prices
const PACKAGES: Record<string, { principal: number; bonus: number }> = { tp_100: { principal: 10000, bonus: 1000 }, tp_1000: { principal: 100000, bonus: 20000 } };

type Cmd =
  | { t: 'topup'; pkg: 'tp_100' | 'tp_1000'; dup: number }
  | { t: 'buy'; productId: string; qty: number; usePoints: boolean; method: 'wxpay' | 'balance'; dup: number }
  | { t: 'refund'; pick: number }
  | { t: 'redeem' }
  | { t: 'expire' };

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({ t: fc.constant('topup' as const), pkg: fc.constantFrom('tp_100' as const, 'tp_1000' as const), dup: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ t: fc.constant('buy' as const), productId: fc.constantFrom('p_trial', 'p_diaper', 'p_tonic'), qty: fc.integer({ min: 1, max: 3 }), usePoints: fc.boolean(), method: fc.constantFrom('wxpay' as const, 'balance' as const), dup: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ t: fc.constant('refund' as const), pick: fc.nat() }),
  fc.constant({ t: 'redeem' as const }),
  fc.constant({ t: 'expire' as const }),
);

interface PaidOrder { id: string; payable: number; earned: number; pointsUsed: number; split: { principalFen: number; bonusFen: number } | null }

class Model {
  principal = 0;
  bonus = 0;
  points = 0;
  pending: { id: string; pointsUsed: number }[] = [];
  paid: PaidOrder[] = [];
}

async function balance(rt: LocalRuntime, account: string): Promise<number> {
  return (await docOrNull(rt, 'balances', account))?.balance ?? 0;
}

let seq = 0;
const rid = () => `m${(seq += 1)}`;

async function run(rt: LocalRuntime, m: Model, c: Cmd): Promise<void> {
  const shop = (action: string, input: unknown): Promise<any> => act<any>(rt, 'shop', action, input, DEMO_SHOPPER);
  if (c.t === 'topup') {
    const { data } = (await shop('wallet.topup', { requestId: rid(), packageId: c.pkg })) as any;
    await shop('order.pay', { orderId: data.order._id });
    await rt.deliverPayment(rt.payEvent(data.order._id), { times: c.dup });
    m.principal += PACKAGES[c.pkg].principal;
    m.bonus += PACKAGES[c.pkg].bonus;
  } else if (c.t === 'buy') {
    const total = PRICES[c.productId] * c.qty;
    const pointsUsed = c.usePoints ? Math.min(Math.max(m.points, 0), Math.floor((total * 20) / 100)) : 0;
    const payable = total - pointsUsed;
    const created = await shop('order.create', { requestId: rid(), lines: [{ productId: c.productId, ...(c.productId === 'p_diaper' ? { specId: 'l' } : {}), qty: c.qty }], usePoints: c.usePoints });
    expect(created).toMatchObject({ ok: true, data: { order: { payableFen: payable, pointsUsed } } });
    const id = created.data.order._id as string;
    m.points -= pointsUsed;
    const earned = Math.floor(payable / 100);
    if (c.method === 'balance') {
      const res = await shop('order.pay', { orderId: id, method: 'balance' });
      if (payable > m.principal + m.bonus) {
        expect(res).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_BALANCE' } });
        m.pending.push({ id, pointsUsed });
        return;
      }
      expect(res.ok).toBe(true);
      const split = res.data.order.balanceSplit;
      expect(split.principalFen + split.bonusFen).toBe(payable);
      expect(split.principalFen).toBe(Math.floor((payable * m.principal) / (m.principal + m.bonus)));
      m.principal -= split.principalFen;
      m.bonus -= split.bonusFen;
      m.points += earned;
      m.paid.push({ id, payable, earned, pointsUsed, split });
    } else {
      await shop('order.pay', { orderId: id });
      const acks = await rt.deliverPayment(rt.payEvent(id), { times: c.dup, concurrent: c.dup > 1 });
      expect(acks.some((a: any) => a.errcode === 0)).toBe(true);
      m.points += earned;
      m.paid.push({ id, payable, earned, pointsUsed, split: null });
    }
  } else if (c.t === 'refund') {
    if (m.paid.length === 0) return;
    const [o] = m.paid.splice(c.pick % m.paid.length, 1);
    const res: any = await act<any>(rt, 'admin', 'order.refund', { orderId: o.id, reason: '模型测试' }, DEMO_OWNER);
    expect(res.ok).toBe(true);
    if (res.data.status === 'PENDING') await rt.deliverRefund(res.data.refundNo, { times: 2 });
    m.points += o.pointsUsed - o.earned;
    if (o.split) {
      m.principal += o.split.principalFen;
      m.bonus += o.split.bonusFen;
    }
  } else if (c.t === 'redeem') {
    const res = await shop('points.redeem', { requestId: rid(), productId: 'p_trial' });
    if (m.points >= 500) {
      expect(res.ok).toBe(true);
      m.points -= 500;
      m.paid.push({ id: res.data.order._id, payable: 0, earned: 0, pointsUsed: 500, split: null });
    } else expect(res).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_BALANCE' } });
  } else {
    rt.advanceClock(31 * 60 * 1000);
    await rt.invoke('cron', {}, { source: 'wx_trigger' });
    for (const p of m.pending) m.points += p.pointsUsed;
    m.pending = [];
  }
}

async function check(rt: LocalRuntime, m: Model): Promise<void> {
  expect({
    principal: await balance(rt, `sv_principal:${DEMO_SHOPPER}`),
    bonus: await balance(rt, `sv_bonus:${DEMO_SHOPPER}`),
    points: await balance(rt, `points:${DEMO_SHOPPER}`),
  }).toEqual({ principal: m.principal, bonus: m.bonus, points: m.points });
  expect(m.principal).toBeGreaterThanOrEqual(0);
  expect(m.bonus).toBeGreaterThanOrEqual(0);
  expect(auditJournal(rt.db.raw()).problems).toEqual([]);
}

test('random member money sequences conserve every fen and point', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(cmdArb, { minLength: 1, maxLength: 25 }), async (cmds) => {
      const rt = await createStore();
      try {
        const m = new Model();
        for (const c of cmds) {
          await run(rt, m, c);
          await check(rt, m);
        }
      } finally {
        closeStore(rt);
      }
    }),
    { numRuns: 40 },
  );
});
