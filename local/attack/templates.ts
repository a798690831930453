// Valid inputs that depend on the store's state (cross-field rules the contracts cannot express):
// a product update that keeps its price ladder, a campaign the domain accepts, a withdrawal within
// the partner's balance … so that valid inputs, and mutations of them, reach the deepest paths.
import fc from 'fast-check';
import type { LocalRuntime } from '../runtime/runtime';

type Doc = Record<string, unknown> & { _id: string };

export interface World {
  nowMs: number;
  orders: { id: string; openid: string; status: string; kind: string; payMethod: string | null }[];
  docs: (coll: string) => Doc[];
  balance: (account: string) => number;
  ids: (coll: string) => string[];
  codes: string[];
  users: string[];
  /** Phone codes the runtime issued to this user and nobody has used (profile.phone.bind). */
  phoneCodes: (openid: string) => string[];
}

export function readWorld(rt: LocalRuntime): World {
  const sql = rt.db.raw();
  const cache = new Map<string, Doc[]>();
  const docs = (coll: string): Doc[] => {
    if (!cache.has(coll)) {
      const rows = sql.prepare('SELECT id, data FROM docs WHERE coll = ? ORDER BY id').all(coll) as { id: string; data: string }[];
      cache.set(coll, rows.map((r) => ({ _id: r.id, ...(JSON.parse(r.data) as Record<string, unknown>) })));
    }
    return cache.get(coll)!;
  };
  const orders = docs('orders').map((o) => ({ id: o._id, openid: String(o.openid), status: String(o.status), kind: String(o.kind ?? 'goods'), payMethod: (o.payMethod as string | null) ?? null }));
  const balances = new Map(docs('balances').map((b) => [b._id, Number(b.balance)]));
  return {
    nowMs: rt.nowMs(), orders, docs, balance: (a) => balances.get(a) ?? 0, ids: (coll) => docs(coll).map((d) => d._id),
    codes: docs('users').map((u) => u.referralCode).filter((c): c is string => typeof c === 'string'), users: docs('users').map((u) => u._id),
    phoneCodes: (openid) => rt.unusedPhoneCodes(openid),
  };
}

const requestId = fc.stringMatching(/^[0-9A-Za-z_-]{6,20}$/);
const pick = <T>(xs: T[]): fc.Arbitrary<T> | null => (xs.length > 0 ? fc.constantFrom(...xs) : null);
const DAY_MS = 24 * 3600 * 1000;

type Template = (w: World, identity: string) => fc.Arbitrary<unknown> | null;

type SpecRow = { _id: string; name: string; listPriceFen: number; memberPriceFen: number | null; partnerPriceFen: number | null; commissionBaseFen?: number | null };

/** The owner's edit of a product as it stands, with stock moved by small deltas (some below what is left: refused). */
const productUpdate: Template = (w) => pick(w.docs('products'))?.chain((p) => {
  const specs = (p.specs as SpecRow[] | undefined) ?? [];
  return fc.record({
    requestId, productId: fc.constant(p._id), version: fc.constant(Number(p.version ?? 1)),
    product: fc.record({
      name: fc.constant(p.name), subtitle: fc.constant(p.subtitle), categoryId: fc.constant((p.categoryId as string | null | undefined) ?? null),
      pictures: fc.constant((p.pictures as string[] | undefined) ?? []), detail: fc.constant((p.detail as unknown[] | undefined) ?? []), onSale: fc.integer({ min: 0, max: 9 }).map((n) => n > 0),
      pointsPrice: fc.constant(p.pointsPrice ?? null), grantsStage: fc.constant(p.grantsStage ?? null), grantsDays: fc.constant(p.grantsDays ?? null),
      specs: fc.tuple(...specs.map((s) => fc.integer({ min: -20, max: 50 }).map((stockDelta) => ({
        specId: s._id, name: s.name, listPriceFen: s.listPriceFen, memberPriceFen: s.memberPriceFen, partnerPriceFen: s.partnerPriceFen, commissionBaseFen: s.commissionBaseFen ?? null, stockDelta,
      })))),
    }),
  });
}) ?? null;

/**
 * A new product: one to three sizes with a ladder that keeps privilege, in a category or none,
 * each on a commission base the payout cap carries (30% of 60% of list ≤ 40% of what the store
 * receives at 80% of list less points and stored-value bonus: 18% ≤ 21.3%).
 */
const productCreate: Template = (w) => fc.record({
  requestId,
  product: fc.record({
    name: fc.constantFrom('新品纸尿裤', '滋补新品', '湿巾（10 包）'), subtitle: fc.constantFrom('', '新品上架'),
    categoryId: fc.constantFrom(null, ...w.ids('categories')), pictures: fc.constant([]), detail: fc.constant([{ type: 'text', text: '新品详情' }]),
    onSale: fc.boolean(), pointsPrice: fc.constant(null), grantsStage: fc.constant(null), grantsDays: fc.constant(null),
    specs: fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => fc.integer({ min: 1000, max: 20000 }).map((list) => ({
      specId: null, name: `${['S', 'M', 'L'][i]} 码`, listPriceFen: list, memberPriceFen: Math.floor(list * 0.9), partnerPriceFen: Math.floor(list * 0.8), commissionBaseFen: Math.floor(list * 0.6), stockDelta: 20,
    }))))),
  }),
});

/** Lines of real products and their real specs (one to three, some of the same spec). */
const lines = (w: World): fc.Arbitrary<{ productId: string; specId: string; qty: number }[]> | null => {
  const buyable = w.docs('products').filter((p) => p.onSale === true).flatMap((p) => ((p.specs as SpecRow[] | undefined) ?? []).map((sp) => ({ productId: p._id, specId: sp._id })));
  return pick(buyable.slice(0, 60))?.chain(() => fc.array(fc.tuple(fc.constantFrom(...buyable.slice(0, 60)), fc.integer({ min: 1, max: 3 })).map(([b, qty]) => ({ ...b, qty })), { minLength: 1, maxLength: 3 })) ?? null;
};
const ADDRESS = { name: '小美', phone: '13912342901', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 100 号' };
/** Delivery, pickup, or (as before issue 11) neither. */
const fulfilment = fc.constantFrom<unknown>(undefined, { mode: 'delivery', address: ADDRESS }, { mode: 'pickup' });
const orderCreate: Template = (w) => lines(w)?.chain((ls) => fc.record({ requestId, lines: fc.constant(ls), usePoints: fc.boolean(), fulfilment }, { requiredKeys: ['requestId', 'lines', 'usePoints'] })) ?? null;
const checkoutQuote: Template = (w) => lines(w)?.chain((ls) => fc.record({ lines: fc.constant(ls), usePoints: fc.boolean(), fulfilment }, { requiredKeys: ['lines', 'usePoints'] })) ?? null;

// ---- fulfilment and after-sales (issue 11)
type OrderRow = Doc & { status?: string; kind?: string; openid?: string; fulfilment?: { mode: string; pickupCode?: string } | null; lines?: { lineId: string; qty: number; amountFen: number }[]; afterSaleOpen?: string | null; payableFen?: number; refundedFen?: number };
const orderRows = (w: World) => w.docs('orders') as OrderRow[];
const trackingNo = fc.integer({ min: 100000, max: 999999999 }).map((n) => `SF${n}`);
const orderShip: Template = (w) => pick(orderRows(w).filter((o) => o.status === 'PAID' && o.kind !== 'topup' && o.fulfilment?.mode !== 'pickup').map((o) => o._id))
  ?.chain((orderId) => fc.record({ orderId: fc.constant(orderId), parcels: fc.array(fc.record({ carrier: fc.constantFrom('SF', 'ZTO', 'JD'), trackingNo }), { minLength: 1, maxLength: 3 }) })) ?? null;
const pickupCode: Template = (w) => pick(orderRows(w).filter((o) => o.status === 'PAID' && o.fulfilment?.mode === 'pickup').map((o) => String(o.fulfilment?.pickupCode)))?.map((code) => ({ code })) ?? null;
const confirmReceipt: Template = (w, identity) => pick(orderRows(w).filter((o) => o.openid === identity && o.status === 'SHIPPED').map((o) => o._id))?.map((orderId) => ({ orderId })) ?? null;
const afterSaleRequest: Template = (w, identity) => pick(orderRows(w).filter((o) => o.openid === identity && ['PAID', 'SHIPPED', 'RECEIVED', 'PICKED_UP'].includes(String(o.status)) && o.kind !== 'topup' && !o.afterSaleOpen && (o.lines ?? []).length > 0))
  ?.chain((o) => fc.record({
    requestId, orderId: fc.constant(o._id), kind: o.status === 'PAID' ? fc.constant('refund') : fc.constantFrom('refund', 'return'),
    lines: fc.constant([{ lineId: o.lines![0].lineId, qty: 0, amountFen: Math.max(1, Math.min(o.lines![0].amountFen, Number(o.payableFen ?? 0) - Number(o.refundedFen ?? 0)) >> 2) }]),
    reason: fc.constantFrom('尺码不合适', '不想要了'), photos: fc.constant([]),
  })) ?? null;
const afterSales = (w: World, status: string) => w.docs('after_sales').filter((d) => d.status === status);
const afterSaleApprove: Template = (w) => pick(afterSales(w, 'REQUESTED'))?.map((d) => (d.kind === 'return' ? { afterSaleId: d._id, returnAddress: '杭州市西湖区文三路 90 号 好物小店' } : { afterSaleId: d._id })) ?? null;
const afterSaleRefuse: Template = (w) => pick([...afterSales(w, 'REQUESTED'), ...afterSales(w, 'RETURNING')].map((d) => d._id))?.map((afterSaleId) => ({ afterSaleId, reason: '商品已拆封' })) ?? null;
const afterSaleReceive: Template = (w) => pick(afterSales(w, 'RETURNING').map((d) => d._id))?.map((afterSaleId) => ({ afterSaleId })) ?? null;
const afterSaleCancel: Template = (w, identity) => pick(afterSales(w, 'REQUESTED').filter((d) => d.openid === identity).map((d) => d._id))?.map((afterSaleId) => ({ afterSaleId })) ?? null;
const addressSave: Template = () => fc.record({ addresses: fc.constantFrom([], [ADDRESS]) });

const categorySave: Template = () => fc.record({ requestId, categoryId: fc.constant(null), name: fc.integer({ min: 1, max: 999 }).map((n) => `新分类${n}`), picture: fc.constant(null) });
const categoryReorder: Template = (w) => (w.ids('categories').length === 0 ? null : fc.shuffledSubarray(w.ids('categories'), { minLength: w.ids('categories').length }).map((categoryIds) => ({ categoryIds })));
const customersSearch: Template = (w) => fc.constantFrom(...w.docs('users').map((u) => String(u.nickname)).filter((n) => n.length > 0), '1380013').map((q) => ({ q }));
const phoneBind: Template = (w, identity) => pick(w.phoneCodes(identity))?.map((code) => ({ code })) ?? null;
const profileUpdate: Template = () => fc.record({ nickname: fc.constantFrom('小美', '王姐 🌸', '林老板'), avatar: fc.constant(null) });

const tiersUpdate: Template = (w) => {
  const tiers = [...w.docs('tiers')].sort((a, b) => Number(a.rank) - Number(b.rank));
  if (tiers.length !== 4) return null;
  // Multipliers never fall with rank (the service refuses that): sorted.
  return fc.tuple(...tiers.map(() => fc.integer({ min: 100, max: 300 }))).map((raw) => [...raw].sort((a, b) => a - b)).map((pcts) => ({
    tiers: tiers.map((t, i) => ({ _id: t._id, name: t.name, pointsMultiplierPct: pcts[i], minSpentFen: (t.minSpentFen as number | null | undefined) ?? null })),
  }));
};

const settingsUpdate: Template = (w) => {
  const c = w.docs('settings').find((d) => d._id === 'commission');
  if (!c) return null;
  const { _id, updatedAtMs, ...config } = c;
  return fc.record({ config: fc.constant(config), bindAt: fc.constantFrom('visit', 'first_paid_order') });
};

const campaignCreate: Template = (w) => fc.record({
  requestId, productId: fc.constant('p_diaper'), specId: fc.constantFrom('s', 'm', 'l', 'xl'), title: fc.constantFrom('周末拼团', '试用装 2 人拼'), groupPriceFen: fc.integer({ min: 100, max: 900 }),
  leaderPriceFen: fc.constant(null), groupSize: fc.integer({ min: 2, max: 5 }), timeLimitMs: fc.constant(3600 * 1000), stock: fc.integer({ min: 10, max: 50 }),
  perUserLimit: fc.integer({ min: 1, max: 5 }), fillOnExpiryMinPaid: fc.constant(null), commissionEnabled: fc.constant(false),
  startAtMs: fc.constant(w.nowMs - 60_000), endAtMs: fc.constant(w.nowMs + 7 * DAY_MS),
});

const campaignUpdate: Template = (w) => pick(w.docs('groupbuy_campaigns'))?.chain((c) => fc.record({
  campaignId: fc.constant(c._id), version: fc.constant(c.version), active: fc.boolean(), title: fc.constant(c.title), groupPriceFen: fc.constant(c.groupPriceFen),
  leaderPriceFen: fc.constant(c.leaderPriceFen), groupSize: fc.constant(c.groupSize), timeLimitMs: fc.constant(c.timeLimitMs), stock: fc.constant(c.stock),
  perUserLimit: fc.constant(c.perUserLimit), fillOnExpiryMinPaid: fc.constant(c.fillOnExpiryMinPaid), commissionEnabled: fc.constant(c.commissionEnabled),
  startAtMs: fc.constant(c.startAtMs), endAtMs: fc.constant(c.endAtMs),
})) ?? null;

const withdraw: Template = (w, identity) => {
  const available = w.balance(`commission:${identity}`);
  return available >= 100 ? fc.record({ requestId, amountFen: fc.integer({ min: 100, max: available }) }) : null;
};

const requestedWithdrawal: Template = (w) => pick(w.docs('withdrawals').filter((d) => d.status === 'requested').map((d) => d._id));
const approve: Template = (w) => requestedWithdrawal(w, '')?.map((withdrawalId) => ({ withdrawalId, payoutRef: 'WX-TRANSFER-001' })) ?? null;
const reject: Template = (w) => requestedWithdrawal(w, '')?.map((withdrawalId) => ({ withdrawalId, reason: '信息不符' })) ?? null;

const paidOrder = (w: World) => pick(w.orders.filter((o) => o.status === 'PAID' && o.kind !== 'topup').map((o) => o.id));
const refundOrder: Template = (w) => paidOrder(w)?.map((orderId) => ({ orderId, reason: '顾客要求退款' })) ?? null;
const completeOrder: Template = (w) => paidOrder(w)?.map((orderId) => ({ orderId })) ?? null;
const payOwn: Template = (w, identity) => pick(w.orders.filter((o) => o.openid === identity && o.status === 'PENDING').map((o) => o.id))
  ?.chain((orderId) => fc.record({ orderId: fc.constant(orderId), method: fc.constantFrom('wxpay', 'balance') })) ?? null;
const redeem: Template = () => fc.record({ requestId, productId: fc.constant('p_trial') });
const refundPrincipal: Template = (w) => pick(w.users.filter((u) => w.balance(`sv_principal:${u}`) > 0))?.map((openid) => ({ requestId: `rp-${openid.slice(-6)}-${w.nowMs % 997}`, openid, reason: '会员申请退款' })) ?? null;

/** A range of UTC+8 days ending today or a little earlier (the analytics actions refuse future and reversed ranges). */
const dayRange: Template = (w) => {
  const today = Math.floor((w.nowMs + 8 * 3600 * 1000) / DAY_MS);
  return fc.record({ back: fc.integer({ min: 0, max: 40 }), span: fc.integer({ min: 0, max: 120 }) }).map(({ back, span }) => ({ fromDay: today - back - span, toDay: today - back }));
};
const gradeSet: Template = (w) => pick(w.users)?.chain((openid) => fc.record({ requestId, openid: fc.constant(openid), grade: fc.constantFrom('A', 'B', 'C', 'D', 'E', null) })) ?? null;

const storeSettings: Template = (w) => {
  const st = w.docs('settings').find((d) => d._id === 'store');
  if (!st) return null;
  const packages = w.docs('topup_packages').map((p) => ({ _id: p._id, payFen: Number(p.payFen), creditFen: Number(p.creditFen), onSale: Boolean(p.onSale) }));
  return fc.record({
    name: fc.constantFrom('好物小店', '好物小店 · 旗舰'), logo: fc.constant((st.logo as string | null | undefined) ?? null),
    pickup: fc.record({ address: fc.constantFrom('', '杭州市西湖区文三路 90 号'), hours: fc.constantFrom('', '每天 9:00–21:00') }),
    pointsRule: fc.record({ fenPerPoint: fc.integer({ min: 1, max: 5 }), maxOrderPct: fc.integer({ min: 0, max: 50 }) }),
    pointsExpiry: fc.constantFrom('end_of_next_year', 'never'), autoReceiveDays: fc.integer({ min: 1, max: 30 }),
    shipping: fc.record({ flatFeeFen: fc.constantFrom(0, 800, 1000), freeFromFen: fc.constantFrom(null, 9900, 19900) }),
    topUpPackages: fc.constant(packages), subscribeTemplates: fc.constantFrom(
      { orderPaid: null, groupResult: null, withdrawalResult: null },
      { orderPaid: { templateId: 'TPL_paid_001', keys: { orderNo: 'character_string1', amount: 'amount2', goods: 'thing3' } }, groupResult: null, withdrawalResult: null },
    ),
  }).map((settings) => ({ settings }));
};

/** State-aware valid inputs by `fn.action`; a template answers null when the state offers none. */
export const TEMPLATES: Record<string, Template> = {
  'admin.product.update': productUpdate,
  'admin.product.create': productCreate,
  'admin.category.save': categorySave,
  'admin.category.reorder': categoryReorder,
  'admin.customers.search': customersSearch,
  'shop.profile.phone.bind': phoneBind,
  'shop.order.create': orderCreate,
  'shop.checkout.quote': checkoutQuote,
  'shop.profile.update': profileUpdate,
  'admin.tiers.update': tiersUpdate,
  'admin.partner.settings.update': settingsUpdate,
  'admin.groupbuy.campaign.create': campaignCreate,
  'admin.groupbuy.campaign.update': campaignUpdate,
  'admin.partner.withdrawal.approve': approve,
  'admin.partner.withdrawal.reject': reject,
  'admin.order.refund': refundOrder,
  'admin.order.complete': completeOrder,
  'admin.wallet.refundPrincipal': refundPrincipal,
  'shop.partner.withdraw': withdraw,
  'shop.order.pay': payOwn,
  'shop.points.redeem': redeem,
  'admin.analytics.earnings': dayRange,
  'admin.analytics.funnel': dayRange,
  'admin.analytics.repeat': dayRange,
  'admin.analytics.grades': dayRange,
  'admin.analytics.grade.set': gradeSet,
  'admin.store.settings.update': storeSettings,
  'admin.order.ship': orderShip,
  'admin.order.pickUp': pickupCode,
  'admin.order.pickupPreview': pickupCode,
  'shop.order.confirmReceipt': confirmReceipt,
  'shop.afterSale.request': afterSaleRequest,
  'admin.afterSale.approve': afterSaleApprove,
  'admin.afterSale.refuse': afterSaleRefuse,
  'admin.afterSale.receiveReturn': afterSaleReceive,
  'shop.afterSale.cancel': afterSaleCancel,
  'shop.address.save': addressSave,
};
