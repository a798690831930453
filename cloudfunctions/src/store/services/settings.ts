import { db } from '../../adapters/cloud';
import { isMissing } from '../../shared/tx';
import type { WxacodeEnvVersion } from '../../platform';

export interface StoreSettings {
  name: string;
  ownerOpenids: string[];
  subMchId: string;
  envId: string;
  /** How long an unpaid order holds its stock. */
  paymentTimeoutMs: number;
  /** Points as a checkout discount: fen per point, and at most this percent of an order. */
  pointsRule: { fenPerPoint: number; maxOrderPct: number };
  /** Points earned in year Y expire at the end of year Y+1, in the store's time zone. */
  pointsExpiry: { kind: 'end_of_next_year'; utcOffsetMinutes: number };
  /** When a newcomer who arrived with a referral code is bound: at that visit, or at their first paid order. */
  referralBindAt: 'visit' | 'first_paid_order';
  /** A paid order the owner has not completed is completed this long after payment (收货确认). */
  autoCompleteMs: number;
  /** Which mini program version posters' codes open: release, or trial while the owner tests a 体验版. */
  miniProgramEnvVersion: WxacodeEnvVersion;
  /** The store's logo, a cloud fileID (contracts/media.ts); null = none. */
  logo: string | null;
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
  memberRewards: 'points',
};

export async function getSettings(): Promise<StoreSettings> {
  try {
    const { data } = await db().collection('settings').doc('store').get();
    return { ...DEFAULT_SETTINGS, ...(data as unknown as Partial<StoreSettings>) };
  } catch (e) {
    if (isMissing(e)) return DEFAULT_SETTINGS;
    throw e;
  }
}
