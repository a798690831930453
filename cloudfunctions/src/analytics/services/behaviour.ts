import { ensureUser } from '../../members/services/session';
import { getSettings } from '../../store/services/settings';
import { recordBehaviour, type Behaviour } from './records';

/**
 * A shopper's behaviour (a product viewed, an add-to-cart, a group joined, a visit, an opt-out):
 * makes the visitor a fan if this is their first call (visits of not-yet-customers count), then
 * bumps their own day's record. The owner's own browsing is not recorded.
 */
export async function track(openid: string, action: Behaviour, nowMs: number): Promise<boolean> {
  if ((await getSettings()).ownerOpenids.includes(openid)) return false;
  await ensureUser(openid, nowMs);
  await recordBehaviour(openid, action, nowMs);
  return true;
}
