import { db } from '../../adapters/cloud';
import { isMissing } from '../../shared/tx';
import type { WxacodeEnvVersion } from '../../platform';
import { NO_SUBSCRIBE_TEMPLATES, ShippingRule, SubscribeTemplates } from '../../../../src/contracts';
import * as z from 'zod';

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
  /** Delivery's fee: flat, free from an amount of goods (contracts/fulfilment.ts). */
  shipping: ShippingRule;
  /** 自提: where and when (the owner's settings page, issue 12: `pickup: { address, hours }`); an empty address = no pickup. */
  pickup: { address: string; hours: string };
  /** A shipped order the buyer has not confirmed is received this many days after shipping (1–30, issue 12's field). */
  autoReceiveDays: number;
  /** Which mini program version posters' codes open: release, or trial while the owner tests a 体验版. */
  miniProgramEnvVersion: WxacodeEnvVersion;
  /** The store's logo, a cloud fileID (contracts/media.ts); null = none. */
  logo: string | null;
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
  shipping: { flatFeeFen: 0, freeFromFen: null },
  pickup: { address: '', hours: '' },
  autoReceiveDays: 10,
  miniProgramEnvVersion: 'release',
  logo: null,
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

const Pickup = z.object({ address: z.string().max(60), hours: z.string().max(40) });
const AutoReceiveDays = z.number().int().min(1).max(30);

/** A stored field that does not validate falls back to the default (logged), like the templates. */
function valid<T>(schema: z.ZodType<T>, raw: unknown, fallback: T, name: string): T {
  if (raw === undefined) return fallback;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  console.error(`settings/store.${name} does not validate; the default applies`, parsed.error.message);
  return fallback;
}

export async function getSettings(): Promise<StoreSettings> {
  try {
    const { data } = await db().collection('settings').doc('store').get();
    const stored = data as unknown as Partial<StoreSettings>;
    return {
      ...DEFAULT_SETTINGS, ...stored, subscribeTemplates: validTemplates(stored.subscribeTemplates),
      shipping: valid(ShippingRule, stored.shipping, DEFAULT_SETTINGS.shipping, 'shipping'),
      pickup: valid(Pickup, stored.pickup, DEFAULT_SETTINGS.pickup, 'pickup'),
      autoReceiveDays: valid(AutoReceiveDays, stored.autoReceiveDays, DEFAULT_SETTINGS.autoReceiveDays, 'autoReceiveDays'),
    };
  } catch (e) {
    if (isMissing(e)) return DEFAULT_SETTINGS;
    throw e;
  }
}
