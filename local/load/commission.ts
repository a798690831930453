// Commission at scale: referral trees written straight into SQLite (one transaction, the same
// document shape partners/services/referral.ts writes), then orders paid through the real functions.
// Used by the bench (scripts/bench.ts) and by the service test that holds the cost flat.
import { setActiveRuntime, type LocalRuntime } from '../runtime/runtime';
import { setStock } from '../seed/stock';
import { prng } from './groupbuy';

export interface TreeOptions {
  members: number;
  /** Length of the one long chain; every other member hangs at a depth below it. */
  chainDepth: number;
  seed: number;
}

export interface SeededTree {
  /** The bottom of the chain: a buyer at the greatest depth. */
  deepest: string;
  /** Members with two ancestors (both levels pay), for load. */
  buyers: string[];
  members: number;
  rawInsertPerSec: number;
}

interface Node {
  _id: string;
  parent: string | null;
  depth: number;
  stage: 'customer' | 'member' | 'partner';
}

function growTree(opts: TreeOptions): Node[] {
  const rnd = prng(opts.seed);
  const nodes: Node[] = [];
  for (let i = 0; i <= opts.chainDepth; i += 1) nodes.push({ _id: `t_c${i}`, parent: i === 0 ? null : `t_c${i - 1}`, depth: i, stage: 'partner' });
  // Others attach to a random earlier member above the chain's depth, so the chain stays deepest.
  const hosts = nodes.filter((n) => n.depth < opts.chainDepth);
  const stages = ['customer', 'member', 'partner'] as const;
  for (let k = nodes.length; k < opts.members; k += 1) {
    const host = hosts[Math.floor(rnd() * hosts.length)];
    const node: Node = { _id: `t_u${k}`, parent: host._id, depth: host.depth + 1, stage: stages[Math.floor(rnd() * 3)] };
    nodes.push(node);
    if (node.depth < opts.chainDepth) hosts.push(node);
  }
  return nodes;
}

/** The user documents, with ancestor path, depth and team counts as the functions keep them. */
function userDocs(nodes: Node[], nowMs: number): [string, Record<string, unknown>][] {
  const byId = new Map(nodes.map((n) => [n._id, n]));
  const direct = new Map<string, number>();
  const second = new Map<string, number>();
  for (const n of nodes) {
    if (!n.parent) continue;
    direct.set(n.parent, (direct.get(n.parent) ?? 0) + 1);
    const g = byId.get(n.parent)!.parent;
    if (g) second.set(g, (second.get(g) ?? 0) + 1);
  }
  return nodes.map((n) => {
    const grand = n.parent ? byId.get(n.parent)!.parent : null;
    return [n._id, {
      nickname: `会员${n._id.slice(2)}`, stage: n.stage, paidOrderCount: 0, spentFen: 0, createdAtMs: nowMs, stageUntilMs: null,
      referrerOpenid: n.parent, uplines: [n.parent, grand].filter((x) => x !== null), depth: n.depth,
      teamDirect: direct.get(n._id) ?? 0, teamSecond: second.get(n._id) ?? 0, referralCode: null,
      boundAtMs: n.parent ? nowMs : null, bindChannel: n.parent ? 'code' : null, bindCampaign: null,
      referralDecidedAtMs: n.parent ? nowMs : null, pendingReferral: null,
    }];
  });
}

export function seedReferralTree(rt: LocalRuntime, opts: TreeOptions): SeededTree {
  const nodes = growTree(opts);
  const docs = userDocs(nodes, rt.nowMs());
  const sql = rt.db.raw();
  const insert = sql.prepare('INSERT INTO docs (coll, id, data, ver) VALUES (?, ?, ?, ?)');
  const t0 = process.hrtime.bigint();
  sql.transaction(() => { for (const [id, body] of docs) insert.run('users', id, JSON.stringify(body), 1); })();
  const sec = Number(process.hrtime.bigint() - t0) / 1e9;
  const buyers = nodes.filter((n) => n.depth >= 2).map((n) => n._id);
  return { deepest: `t_c${opts.chainDepth}`, buyers, members: nodes.length, rawInsertPerSec: Math.round(docs.length / sec) };
}

async function shop(rt: LocalRuntime, openid: string, action: string, input: unknown): Promise<any> {
  const res = await rt.call<any>('shop', { action, input }, openid);
  if (!res.ok) throw new Error(`commission load: ${action} failed: ${res.error.code} ${res.error.message}`);
  return res.data;
}

async function pendingOrder(rt: LocalRuntime, buyer: string, requestId: string): Promise<string> {
  const { order } = await shop(rt, buyer, 'order.create', { requestId, lines: [{ productId: 'p_tonic', qty: 1 }] });
  await shop(rt, buyer, 'order.pay', { orderId: order._id });
  return order._id as string;
}

export interface PaidOrderOps {
  reads: number;
  writes: number;
  dbOps: number;
  /** Commission documents the payment wrote (2: both levels paid). */
  commissions: number;
}

/** Database operations of the one invocation (payNotify) that marks the deepest buyer's order paid. */
export async function paidOrderOps(rt: LocalRuntime, buyer: string): Promise<PaidOrderOps> {
  const orderId = await pendingOrder(rt, buyer, 'ops');
  const res = await rt.invoke<{ errcode: number }>('payNotify', rt.payEvent(orderId), { source: 'wx_paycallback' });
  if (res.result.errcode !== 0) throw new Error('commission load: payment failed');
  const commissions = (await rt.db.collection('commissions').where({ orderId }).limit(10).get()).data.length;
  return { reads: res.reads, writes: res.writes, dbOps: res.reads + res.writes, commissions };
}

/** Payments per second on a tree: `count` orders by random buyers, created first, then paid one by one. */
export async function paidOrdersPerSec(rt: LocalRuntime, buyers: string[], count: number, seed: number): Promise<number> {
  const rnd = prng(seed);
  await setStock(rt, 'p_tonic', 1_000_000);
  const orders: string[] = [];
  for (let i = 0; i < count; i += 1) orders.push(await pendingOrder(rt, buyers[Math.floor(rnd() * buyers.length)], `load-${i}`));
  const events = orders.map((id) => rt.payEvent(id));
  const t0 = process.hrtime.bigint();
  for (const ev of events) {
    const res = await rt.invoke<{ errcode: number }>('payNotify', ev, { source: 'wx_paycallback' });
    if (res.result.errcode !== 0) throw new Error('commission load: payment failed');
  }
  return Math.round(count / (Number(process.hrtime.bigint() - t0) / 1e9));
}

export interface CommissionBench {
  dbOpsPerPaidOrder: { small: number; large: number };
  detail: { small: PaidOrderOps & { members: number; depth: number }; large: PaidOrderOps & { members: number; depth: number } };
  paidOrdersPerSec: number;
  paidOrders: number;
  treeRawInsertPerSec: number;
}

/** The bench's commission figures; `freshStore` gives a seeded runtime running the functions. */
export async function runCommissionBench(freshStore: () => Promise<LocalRuntime>, paidOrders = 200): Promise<CommissionBench> {
  const run = async <T>(fn: (rt: LocalRuntime) => Promise<T>): Promise<T> => {
    const rt = await freshStore();
    try {
      return await fn(rt);
    } finally {
      rt.close();
      setActiveRuntime(null);
    }
  };
  const small = await run(async (rt) => ({ ...(await paidOrderOps(rt, seedReferralTree(rt, { members: 1000, chainDepth: 3, seed: 1 }).deepest)), members: 1000, depth: 3 }));
  const large = await run(async (rt) => {
    const tree = seedReferralTree(rt, { members: 100_000, chainDepth: 1000, seed: 2 });
    const ops = await paidOrderOps(rt, tree.deepest);
    const perSec = await paidOrdersPerSec(rt, tree.buyers, paidOrders, 3);
    return { ops: { ...ops, members: tree.members, depth: 1000 }, perSec, insert: tree.rawInsertPerSec };
  });
  return {
    dbOpsPerPaidOrder: { small: small.dbOps, large: large.ops.dbOps },
    detail: { small, large: large.ops },
    paidOrdersPerSec: large.perSec,
    paidOrders,
    treeRawInsertPerSec: large.insert,
  };
}
