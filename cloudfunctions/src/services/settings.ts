import { db } from '../adapters/cloud';
import { isMissing } from './journal';

export interface StoreSettings {
  name: string;
  ownerOpenids: string[];
  subMchId: string;
  envId: string;
  /** How long an unpaid order holds its stock. */
  paymentTimeoutMs: number;
}

export const DEFAULT_SETTINGS: StoreSettings = {
  name: '小店',
  ownerOpenids: [],
  subMchId: '',
  envId: '',
  paymentTimeoutMs: 30 * 60 * 1000,
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
