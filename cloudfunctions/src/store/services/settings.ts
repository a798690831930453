import { db } from '../../adapters/cloud';
import { isMissing } from '../../shared/tx';
import type { WxacodeEnvVersion } from '../../platform';
import { NO_SUBSCRIBE_TEMPLATES, SubscribeTemplates } from '../../../../src/contracts';

export interface StoreSettings {
  name: string;
  ownerOpenids: string[];
  subMchId: string;
  envId: string;
  /** How long an unpaid order holds its stock. */
  paymentTimeoutMs: number;
  /** Points as a checkout discount: fen per point, and at most this percent of an order. */
  pointsRule: { fenPerPoint: number; maxOrderPct: number };
  /** Points earned in year Y expire at the end of year Y+1, in the store's time zone; or never. */
  pointsExpiry: { kind: 'end_of_next_year' | 'never'; utcOffsetMinutes: number };
  /** When a newcomer who arrived with a referral code is bound: at that visit, or at their first paid order. */
  referralBindAt: 'visit' | 'first_paid_order';
  /** A paid order the owner has not completed is completed this long after payment (收货确认). */
  autoCompleteMs: number;
  /** Which mini program version posters' codes open: release, or trial while the owner tests a 体验版. */
  miniProgramEnvVersion: WxacodeEnvVersion;
  /** The store's logo, a cloud fileID (contracts/media.ts); null = none. */
  logo: string | null;
  /** Where and when shoppers pick up (到店自提); empty until the owner sets them. */
  pickup: { address: string; hours: string };
  /** Subscribe-message templates (contracts/messages.ts): the owner's template ids and keys; null = that message is not sent. */
  subscribeTemplates: SubscribeTemplates;
  /** Referral rewards below the partner stage: points only (seed 002, the default), or cash allowed. */
  memberRewards: 'points' | 'cash';
}

export const DEFAULT_SETTINGS: StoreSettings = {
  name: '小店',
  ownerOpenids: [],
  subMchId: '',
  envId: '',
  paymentTimeoutMs: 30 * 60 * 1000,
  pointsRule: { fenPerPoint: 1, maxOrderPct: 20 },
  pointsExpiry: { kind: 'end_of_next_year', utcOffsetMinutes: 480 },
  referralBindAt: 'visit',
  autoCompleteMs: 10 * 24 * 3600 * 1000,
  miniProgramEnvVersion: 'release',
  logo: null,
  pickup: { address: '', hours: '' },
  subscribeTemplates: NO_SUBSCRIBE_TEMPLATES,
  memberRewards: 'points',
};

/** Stored templates that do not validate send nothing (logged), rather than messages WeChat would refuse. */
function validTemplates(raw: unknown): SubscribeTemplates {
  if (raw === undefined) return NO_SUBSCRIBE_TEMPLATES;
  const parsed = SubscribeTemplates.safeParse(raw);
  if (parsed.success) return parsed.data;
  console.error('settings/store.subscribeTemplates does not validate; no subscribe messages are sent', parsed.error.message);
  return NO_SUBSCRIBE_TEMPLATES;
}

export async function getSettings(): Promise<StoreSettings> {
  try {
    const { data } = await db().collection('settings').doc('store').get();
    const stored = data as unknown as Partial<StoreSettings>;
    return { ...DEFAULT_SETTINGS, ...stored, subscribeTemplates: validTemplates(stored.subscribeTemplates) };
  } catch (e) {
    if (isMissing(e)) return DEFAULT_SETTINGS;
    throw e;
  }
}
