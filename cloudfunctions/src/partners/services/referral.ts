import { AppError, type BindChannel, type CommissionConfig } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import { afterCommit, runTx } from '../../adapters/transaction';
import type { Transaction } from '../../adapters/sdk';
import { anyTierEarns, canEarn } from '../domain/commission';
import { hashInput } from '../../shared/ids';
import { lapseStage, type Stage } from '../../members/domain/ladder';
import { decideBinding, newReferralCode, uplinesUnder } from '../domain/referral';
import { getCommissionConfig } from './commissionConfig';
import { isDuplicate, type UserDoc } from '../../members/services/session';
import { getSettings } from '../../store/services/settings';
import { getOrNull, txGet } from '../../shared/tx';
import { broughtBy } from './contributions';

/**
 * The referral tree lives on the user documents. Each member stores their referrer, their
 * ancestor path `uplines` = [parent, grandparent] and `depth`, so an order's beneficiaries are
 * found in a constant number of reads however deep or wide the tree is (the grandparent is read
 * from the parent's own document, which is exact even while a cache below is being repaired).
 * `teamDirect` / `teamSecond` count the first and second level: display counters, changed by
 * `_.inc` after the bond commits, never inside it — a partner whose poster brings hundreds of
 * newcomers in one minute must not be a document every bond writes. The bond's transaction
 * writes the referrer only once, when it gets its first member (`hasTeam`): that write is what
 * makes two newcomers hanging under each other at the same moment conflict instead of forming a
 * cycle (see decideInTx). Moving a member who has a team ("re-hanging" a subtree) fixes
 * that member at once; their children's `uplines` and the subtree's `depth` are caches repaired
 * right after commit and, should that be interrupted, by the cron (`repairReferralTree`).
 */
export interface PendingReferral {
  referrerOpenid: string;
  code: string;
  channel: BindChannel;
  campaign: string | null;
  atMs: number;
}

export interface ReferralUser extends UserDoc {
  referrerOpenid?: string | null;
  uplines?: string[];
  depth?: number;
  teamDirect?: number;
  teamSecond?: number;
  referralCode?: string | null;
  boundAtMs?: number | null;
  bindChannel?: BindChannel | null;
  bindCampaign?: string | null;
  /** Set when a first code was decided on (bound or refused): a first code decides once. */
  referralDecidedAtMs?: number | null;
  /** first_paid_order mode: the first code, kept until the first paid order decides on it. */
  pendingReferral?: PendingReferral | null;
  /** How this user first came with a code (analytics' arrival channel): set once, when a first code is seen. */
  arrivedVia?: ArrivedVia | null;
  /** Set (in the bond's transaction) when the first member hangs under this one; never cleared. */
  hasTeam?: boolean;
  /** A tree-lock sequence number while this member's children's caches are stale; 0 when synced. */
  childrenStale?: number;
  depthStale?: boolean;
}

export interface ArrivedVia {
  channel: BindChannel;
  referrerOpenid: string;
  atMs: number;
}

/** The first code seen decides the arrival channel, whether or not it binds (analytics reads it). */
function arrivalFields(user: ReferralUser, referrerOpenid: string, channel: BindChannel, nowMs: number): Record<string, unknown> {
  if (user.arrivedVia) return {};
  return { arrivedVia: db().command.set({ channel, referrerOpenid, atMs: nowMs }) };
}

export interface BindMeta {
  code: string;
  channel: BindChannel;
  campaign: string | null;
}

export type BindStatus = 'bound' | 'pending' | 'unchanged' | 'refused';
export interface BindResult {
  status: BindStatus;
  referrerOpenid: string | null;
}

const MAX_WALK = 200_000;

/** Could this member have descendants? (A member who never had one cannot close a cycle.) */
export function hasTeam(user: Pick<ReferralUser, 'hasTeam' | 'teamDirect'>): boolean {
  return user.hasTeam === true || (user.teamDirect ?? 0) > 0;
}

export function effectiveStage(user: { stage: Stage; stageUntilMs?: number | null }, nowMs: number): Stage {
  return lapseStage({ stage: user.stage, stageUntilMs: user.stageUntilMs ?? null }, nowMs).stage;
}

// ---------------------------------------------------------------- codes

/** The member's code, made on first ask. `_id` = code makes a clash a duplicate write: draw again. */
export async function ensureReferralCode(openid: string, nowMs: number): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const code = newReferralCode();
    try {
      return await runTx(async (tx) => {
        const user = await txGet<ReferralUser>(tx, 'users', openid);
        if (!user) throw new AppError('NOT_FOUND', '用户不存在');
        if (user.referralCode) return user.referralCode;
        await tx.collection('referral_codes').add({ data: { _id: code, openid, createdAtMs: nowMs } });
        await tx.collection('users').doc(openid).update({ data: { referralCode: code } });
        return code;
      });
    } catch (e) {
      if (!isDuplicate(e)) throw e;
    }
  }
  throw new AppError('INTERNAL', '推荐码生成失败，请重试');
}

export async function referrerOfCode(code: string): Promise<string | null> {
  return (await getOrNull<{ openid: string }>('referral_codes', code))?.openid ?? null;
}

// ---------------------------------------------------------------- the tree

/** Serialises every change that needs an ancestor walk (re-hanging a member who has a team). */
async function touchTreeLock(tx: Transaction, nowMs: number): Promise<number> {
  const lock = await txGet<{ seq: number }>(tx, 'referral_locks', 'tree');
  const seq = (lock?.seq ?? 0) + 1;
  await tx.collection('referral_locks').doc('tree').set({ data: { seq, atMs: nowMs } });
  return seq;
}

/**
 * Is `candidate` on `start`'s whole ancestor path (or `start` itself)? Walks parent by parent;
 * only re-hanging a member who already has a team needs it (a member without descendants cannot
 * close a cycle), and those walks are serialised by the tree lock.
 */
export async function isOnAncestorPath(candidate: string, start: string): Promise<boolean> {
  let current: string | null = start;
  for (let steps = 0; current && steps < MAX_WALK; steps += 1) {
    if (current === candidate) return true;
    current = (await getOrNull<ReferralUser>('users', current))?.referrerOpenid ?? null;
  }
  if (current) throw new Error(`referral tree: ancestor walk from ${start} passed ${MAX_WALK} steps`);
  return false;
}

/** The referrer's and grand-referrer's team counters, by `_.inc` after the bond's commit (display only). */
function countTeams(tx: Transaction, parentOpenid: string, grandOpenid: string | null | undefined, directDelta: number, secondDelta: number): void {
  afterCommit(tx, async () => {
    const _ = db().command;
    await db().collection('users').doc(parentOpenid).update({ data: { teamDirect: _.inc(directDelta), teamSecond: _.inc(secondDelta) } });
    if (grandOpenid) await db().collection('users').doc(grandOpenid).update({ data: { teamSecond: _.inc(directDelta) } });
  });
}

/** Hangs `user` under `referrer` (null: at the top): its own fields, the referrer's first-member flag, the counters after commit. */
async function attach(tx: Transaction, user: ReferralUser, referrer: ReferralUser | null, nowMs: number, extra: Record<string, unknown>): Promise<void> {
  await tx.collection('users').doc(user._id).update({
    data: { referrerOpenid: referrer?._id ?? null, uplines: referrer ? uplinesUnder(referrer) : [], depth: referrer ? (referrer.depth ?? 0) + 1 : 0, boundAtMs: referrer ? nowMs : null, ...extra },
  });
  if (!referrer) return;
  if (!hasTeam(referrer)) await tx.collection('users').doc(referrer._id).update({ data: { hasTeam: true } });
  countTeams(tx, referrer._id, referrer.referrerOpenid, 1, user.teamDirect ?? 0);
}

/** Takes `user` from under its referrer: the reverse of attach's counters (after commit). */
async function detach(tx: Transaction, user: ReferralUser): Promise<void> {
  if (!user.referrerOpenid) return;
  const parent = await txGet<ReferralUser>(tx, 'users', user.referrerOpenid);
  if (!parent) return;
  countTeams(tx, parent._id, parent.referrerOpenid, -1, -(user.teamDirect ?? 0));
}

// ---------------------------------------------------------------- binding

function bindExtra(meta: BindMeta, nowMs: number, seq: number | null): Record<string, unknown> {
  const extra: Record<string, unknown> = { bindChannel: meta.channel, bindCampaign: meta.campaign, referralDecidedAtMs: nowMs, pendingReferral: null };
  if (seq !== null) extra.childrenStale = seq;
  return extra;
}

/**
 * Decides a first code inside the caller's transaction. At a payment nothing may throw, so a
 * cycle is a refusal there; elsewhere self-referral and cycles are INVALID_INPUT (nothing changes).
 */
export async function decideInTx(tx: Transaction, user: ReferralUser, referrerOpenid: string, meta: BindMeta, config: CommissionConfig, nowMs: number, atPayment: boolean): Promise<BindResult> {
  const referrer = await txGet<ReferralUser>(tx, 'users', referrerOpenid);
  const arrival = { openid: user._id, referrerOpenid: user.referrerOpenid ?? null, referralDecidedAtMs: user.referralDecidedAtMs ?? null, paidOrderCount: user.paidOrderCount };
  const eligible = referrer !== null && canEarn(config, effectiveStage(referrer, nowMs));
  let decision = decideBinding(arrival, referrerOpenid, eligible, false, atPayment);
  let seq: number | null = null;
  if (decision.kind === 'bind' && hasTeam(user)) {
    seq = await touchTreeLock(tx, nowMs);
    decision = decideBinding(arrival, referrerOpenid, eligible, await isOnAncestorPath(user._id, referrerOpenid), atPayment);
  }
  if (decision.kind === 'error_self' && !atPayment) throw new AppError('INVALID_INPUT', '不能使用自己的推荐码');
  if (decision.kind === 'error_cycle' && !atPayment) throw new AppError('INVALID_INPUT', '推荐人在你的团队中，不能绑定');
  if (decision.kind === 'unchanged') return { status: 'unchanged', referrerOpenid: user.referrerOpenid ?? null };
  if (decision.kind !== 'bind') {
    await tx.collection('users').doc(user._id).update({ data: { referralDecidedAtMs: nowMs, pendingReferral: null, ...arrivalFields(user, referrerOpenid, meta.channel, nowMs) } });
    return { status: 'refused', referrerOpenid: null };
  }
  await attach(tx, user, referrer, nowMs, { ...bindExtra(meta, nowMs, seq), ...arrivalFields(user, referrerOpenid, meta.channel, nowMs) });
  return { status: 'bound', referrerOpenid };
}

async function remember(tx: Transaction, user: ReferralUser, referrerOpenid: string, meta: BindMeta, nowMs: number): Promise<BindResult> {
  if (user.referrerOpenid || user.referralDecidedAtMs || user.pendingReferral || user.paidOrderCount > 0) {
    return { status: 'unchanged', referrerOpenid: user.referrerOpenid ?? null };
  }
  const pendingReferral: PendingReferral = { referrerOpenid, code: meta.code, channel: meta.channel, campaign: meta.campaign, atMs: nowMs };
  await tx.collection('users').doc(user._id).update({ data: { pendingReferral: db().command.set(pendingReferral), ...arrivalFields(user, referrerOpenid, meta.channel, nowMs) } });
  return { status: 'pending', referrerOpenid: null };
}

/**
 * A user arrives with a code (link, poster, campaign or group-buy share). In 'visit' mode the
 * first code decides at once; in 'first_paid_order' mode it is remembered and decided when the
 * first paid order's transaction runs (applyCommission). Unknown codes are NOT_FOUND.
 */
export async function bindByCode(openid: string, meta: BindMeta, nowMs: number): Promise<BindResult> {
  const referrerOpenid = await referrerOfCode(meta.code);
  if (!referrerOpenid) throw new AppError('NOT_FOUND', '推荐码不存在');
  if (referrerOpenid === openid) throw new AppError('INVALID_INPUT', '不能使用自己的推荐码');
  const config = await getCommissionConfig();
  const bindAt = (await getSettings()).referralBindAt;
  const result = await runTx(async (tx) => {
    const user = await txGet<ReferralUser>(tx, 'users', openid);
    if (!user) throw new AppError('NOT_FOUND', '用户不存在');
    // Before the owner has set up commission nobody can earn: keep the newcomer's first code unused.
    if (!anyTierEarns(config)) return { result: { status: 'unchanged' as const, referrerOpenid: user.referrerOpenid ?? null }, rehung: false };
    if (bindAt === 'first_paid_order') return { result: await remember(tx, user, referrerOpenid, meta, nowMs), rehung: false };
    // A code remembered under 'first_paid_order' is still the first one if the owner switched modes.
    const first = user.pendingReferral ?? null;
    const chosen = first ? first.referrerOpenid : referrerOpenid;
    const chosenMeta = first ? { code: first.code, channel: first.channel, campaign: first.campaign } : meta;
    const res = await decideInTx(tx, user, chosen, chosenMeta, config, nowMs, false);
    return { result: res, rehung: res.status === 'bound' && hasTeam(user) };
  });
  if (result.rehung) await repairChildren(openid);
  return result.result;
}

/**
 * For the group-buy share (and any other entry that must not fail because of a referral): binds
 * like bindByCode but answers `unchanged` instead of throwing for an unknown code, one's own
 * code or a cycle.
 */
export async function bindFromShare(openid: string, code: string, channel: BindChannel, nowMs: number, campaign: string | null = null): Promise<BindResult> {
  try {
    return await bindByCode(openid, { code, channel, campaign }, nowMs);
  } catch (e) {
    if (e instanceof AppError && (e.code === 'NOT_FOUND' || e.code === 'INVALID_INPUT')) return { status: 'unchanged', referrerOpenid: null };
    throw e;
  }
}

/** first_paid_order mode, inside the payment's transaction: decides the remembered first code. */
export async function bindAtPayment(tx: Transaction, buyer: ReferralUser, config: CommissionConfig, nowMs: number): Promise<ReferralUser> {
  const pending = buyer.pendingReferral;
  if (!pending || buyer.referrerOpenid || buyer.referralDecidedAtMs) return buyer;
  const meta = { code: pending.code, channel: pending.channel, campaign: pending.campaign };
  await decideInTx(tx, buyer, pending.referrerOpenid, meta, config, nowMs, true);
  return (await txGet<ReferralUser>(tx, 'users', buyer._id)) ?? buyer;
}

// ---------------------------------------------------------------- owner moves

export interface MoveDoc {
  _id: string;
  openid: string;
  fromOpenid: string | null;
  toOpenid: string | null;
  reason: string;
  byOpenid: string;
  atMs: number;
  requestHash: string;
}

function checkMoveTarget(user: ReferralUser, to: ReferralUser | null, toOpenid: string | null, config: CommissionConfig, nowMs: number): void {
  if (toOpenid === user._id) throw new AppError('INVALID_INPUT', '不能把会员移到自己名下');
  if ((user.referrerOpenid ?? null) === toOpenid) throw new AppError('INVALID_INPUT', '该会员已在此推荐人名下');
  if (toOpenid && !to) throw new AppError('NOT_FOUND', '新推荐人不存在');
  if (to && !canEarn(config, effectiveStage(to, nowMs))) throw new AppError('INVALID_INPUT', '新推荐人的等级不能获得佣金，不能作为推荐人');
}

/**
 * The owner moves a member (with their team) under another referrer, or to the top. Audited in
 * `referral_moves` (id from the owner's request id: a retry returns the first move). Credited
 * commission is untouched: orders snapshot their beneficiaries; only future orders follow.
 */
export async function moveMember(byOpenid: string, requestId: string, openid: string, toOpenid: string | null, reason: string, nowMs: number): Promise<MoveDoc> {
  const moveId = `M${hashInput([byOpenid, requestId]).slice(0, 23)}`;
  const requestHash = hashInput({ openid, toOpenid, reason });
  const config = await getCommissionConfig();
  const { move, rehung } = await runTx(async (tx) => {
    const existing = await txGet<MoveDoc>(tx, 'referral_moves', moveId);
    if (existing) {
      if (existing.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_MISMATCH', '同一请求号的调整内容不一致');
      return { move: existing, rehung: false };
    }
    const user = await txGet<ReferralUser>(tx, 'users', openid);
    if (!user) throw new AppError('NOT_FOUND', '会员不存在');
    const to = toOpenid ? await txGet<ReferralUser>(tx, 'users', toOpenid) : null;
    checkMoveTarget(user, to, toOpenid, config, nowMs);
    const withTeam = hasTeam(user);
    const seq = await touchTreeLock(tx, nowMs);
    if (to && withTeam && (await isOnAncestorPath(openid, to._id))) throw new AppError('INVALID_INPUT', '新推荐人在该会员的团队中，不能形成循环');
    await detach(tx, user);
    // Re-read after detach: the old parent may also be the new one's parent (counters add up).
    const target = to ? await txGet<ReferralUser>(tx, 'users', to._id) : null;
    await attach(tx, user, target, nowMs, { referralDecidedAtMs: user.referralDecidedAtMs ?? nowMs, pendingReferral: null, movedAtMs: nowMs, ...(withTeam ? { childrenStale: seq } : {}) });
    const doc: MoveDoc = { _id: moveId, openid, fromOpenid: user.referrerOpenid ?? null, toOpenid, reason, byOpenid, atMs: nowMs, requestHash };
    await tx.collection('referral_moves').add({ data: doc as unknown as Record<string, unknown> });
    return { move: doc, rehung: withTeam };
  });
  if (rehung) await repairChildren(openid);
  return move;
}

// ---------------------------------------------------------------- cache repair

/**
 * After a member with a team was re-hung: their children's `uplines` name the new grandparent,
 * and the subtree's depths are marked for repair. The stale marker is the tree-lock sequence of
 * the move, so a newer move is never marked done by an older repair.
 */
export async function repairChildren(openid: string): Promise<void> {
  const parent = await getOrNull<ReferralUser>('users', openid);
  if (!parent || !parent.childrenStale) return;
  const _ = db().command;
  await db().collection('users').where({ referrerOpenid: openid }).update({ data: { uplines: _.set(uplinesUnder(parent)), depthStale: true } });
  await db().collection('users').where({ _id: openid, childrenStale: parent.childrenStale }).update({ data: { childrenStale: 0 } });
}

/** One member's depth and uplines from its parent's document, in a transaction. */
async function repairDepth(openid: string): Promise<void> {
  const changedDepth = await runTx(async (tx) => {
    const user = await txGet<ReferralUser>(tx, 'users', openid);
    if (!user || !user.depthStale) return null;
    const parent = user.referrerOpenid ? await txGet<ReferralUser>(tx, 'users', user.referrerOpenid) : null;
    const depth = parent ? (parent.depth ?? 0) + 1 : 0;
    await tx.collection('users').doc(openid).update({ data: { depth, uplines: parent ? uplinesUnder(parent) : [], depthStale: false } });
    return depth !== (user.depth ?? 0) && hasTeam(user) ? depth : null;
  });
  if (changedDepth === null) return;
  const _ = db().command;
  await db().collection('users').where({ referrerOpenid: openid, depth: _.neq(changedDepth + 1) }).update({ data: { depthStale: true } });
}

/**
 * cron: finishes interrupted re-hangs, then repairs depths level by level (each repaired level
 * marks the next), at most `budget` members per run; the rest waits for the next run.
 */
export async function repairReferralTree(_nowMs: number, budget = 500): Promise<number> {
  const _ = db().command;
  const parents = (await db().collection('users').where({ childrenStale: _.gt(0) }).limit(50).get()).data;
  for (const p of parents) await repairChildren(p._id);
  let repaired = 0;
  while (repaired < budget) {
    const stale = (await db().collection('users').where({ depthStale: true }).orderBy('depth', 'asc').limit(Math.min(100, budget - repaired)).get()).data;
    if (stale.length === 0) break;
    for (const u of stale) await repairDepth(u._id);
    repaired += stale.length;
  }
  return parents.length + repaired;
}

// ---------------------------------------------------------------- reads

export interface TeamPage {
  direct: number;
  second: number;
  members: { nickname: string; avatar: string | null; stage: Stage; level: 1 | 2; joinedAtMs: number; broughtFen: number; broughtPoints: number; orders: number }[];
  nextBeforeMs: number | null;
}

export async function listTeam(openid: string, level: 1 | 2, beforeMs: number | undefined, limit: number, nowMs: number): Promise<TeamPage> {
  const me = await getOrNull<ReferralUser>('users', openid);
  const _ = db().command;
  const cond: Record<string, unknown> = level === 1 ? { referrerOpenid: openid } : { 'uplines.1': openid };
  if (beforeMs !== undefined) cond.boundAtMs = _.lt(beforeMs);
  const { data } = await db().collection('users').where(cond).orderBy('boundAtMs', 'desc').limit(limit).get();
  const users = data as unknown as ReferralUser[];
  const brought = await broughtBy(openid, users.map((u) => u._id));
  const members = users.map((u) => {
    const b = brought.get(u._id) ?? { fen: 0, points: 0, orders: 0 };
    const avatar = typeof (u as { avatar?: unknown }).avatar === 'string' && (u as { avatar?: string }).avatar !== '' ? (u as { avatar?: string }).avatar! : null;
    return { nickname: u.nickname, avatar, stage: effectiveStage(u, nowMs), level, joinedAtMs: u.boundAtMs ?? u.createdAtMs, broughtFen: b.fen, broughtPoints: b.points, orders: b.orders };
  });
  const last = users[users.length - 1];
  return { direct: me?.teamDirect ?? 0, second: me?.teamSecond ?? 0, members, nextBeforeMs: users.length === limit && last ? last.boundAtMs ?? null : null };
}
