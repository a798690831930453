import { AppError, pictureSourceProblem, TopUpPackage, type EditableSettings } from '../../../../src/contracts';
import { db } from '../../adapters/cloud';
import { hashInput } from '../../shared/ids';
import { yuan } from '../../partners/domain/commission';
import { getSettings } from './settings';

/**
 * The owner's settings page (contracts/settings.ts): the store's name and logo, pickup address and
 * hours, the points rule and expiry, automatic receipt, the shipping fee, top-up packages and subscribe-message
 * templates. Everything is checked before anything is written, so a refused save changes nothing.
 */
async function allPackages(): Promise<TopUpPackage[]> {
  const { data } = await db().collection('topup_packages').orderBy('sort', 'asc').limit(50).get();
  return data.map((d) => TopUpPackage.parse(d));
}

export async function editableSettings(): Promise<EditableSettings> {
  const s = await getSettings();
  return {
    name: s.name, logo: s.logo, pickup: { ...s.pickup }, pointsRule: { ...s.pointsRule }, pointsExpiry: s.pointsExpiry.kind,
    autoReceiveDays: s.autoReceiveDays, shipping: { ...s.shipping },
    topUpPackages: (await allPackages()).map((p) => ({ _id: p._id, payFen: p.payFen, creditFen: p.creditFen, onSale: p.onSale })),
    subscribeTemplates: s.subscribeTemplates,
  };
}

const packageName = (payFen: number, creditFen: number): string => (creditFen > payFen ? `充 ${yuan(payFen)} 得 ${yuan(creditFen)}` : `充 ${yuan(payFen)}`);

async function checkSettings(ownerOpenid: string, input: EditableSettings, known: TopUpPackage[]): Promise<void> {
  const current = await getSettings();
  if (input.logo !== null && input.logo !== current.logo) {
    const problem = pictureSourceProblem(input.logo, ownerOpenid, current.envId);
    if (problem) throw new AppError('INVALID_INPUT', `店铺 Logo：${problem}`);
  }
  const ids = new Set(known.map((p) => p._id));
  for (const p of input.topUpPackages) if (p._id !== undefined && !ids.has(p._id)) throw new AppError('INVALID_INPUT', '充值套餐不存在，请刷新后再试');
  const seen = new Set<string>();
  for (const p of input.topUpPackages) {
    if (p._id !== undefined && seen.has(p._id)) throw new AppError('INVALID_INPUT', '同一个充值套餐出现了两次');
    if (p._id !== undefined) seen.add(p._id);
  }
}

/** Packages keep their ids (orders name them); one left out of the list stops selling, it is never deleted. */
async function savePackages(input: EditableSettings['topUpPackages'], known: TopUpPackage[], nowMs: number): Promise<void> {
  const kept = new Set<string>();
  for (const [i, p] of input.entries()) {
    const fields = { name: packageName(p.payFen, p.creditFen), payFen: p.payFen, creditFen: p.creditFen, onSale: p.onSale, sort: (i + 1) * 10, updatedAtMs: nowMs };
    const id = p._id ?? `tp_${hashInput([p.payFen, p.creditFen, nowMs, i]).slice(0, 12)}`;
    kept.add(id);
    if (p._id !== undefined) await db().collection('topup_packages').doc(id).update({ data: fields });
    else await db().collection('topup_packages').doc(id).set({ data: fields });
  }
  let after = input.length;
  for (const p of known) {
    if (kept.has(p._id)) continue;
    after += 1;
    await db().collection('topup_packages').doc(p._id).update({ data: { onSale: false, sort: after * 10, updatedAtMs: nowMs } });
  }
}

export async function updateSettings(ownerOpenid: string, input: EditableSettings, nowMs: number): Promise<EditableSettings> {
  const known = await allPackages();
  await checkSettings(ownerOpenid, input, known);
  const _ = db().command;
  await db().collection('settings').doc('store').update({
    data: {
      name: input.name, logo: input.logo, pickup: _.set(input.pickup), pointsRule: _.set(input.pointsRule),
      pointsExpiry: _.set({ kind: input.pointsExpiry, utcOffsetMinutes: 480 }), autoReceiveDays: input.autoReceiveDays,
      shipping: _.set(input.shipping),
      subscribeTemplates: _.set(input.subscribeTemplates), updatedAtMs: nowMs,
    },
  });
  await savePackages(input.topUpPackages, known, nowMs);
  return editableSettings();
}
