/**
 * Arriving with a referral: a shared link carries `ref=<code>`, a poster's mini program code
 * `scene=r%3D<code>`. The code is remembered in local storage first and then offered to the
 * server (`partner.bind`), so a visitor who signs in only later (H5), or whose first call failed,
 * still binds. The server decides (a newcomer's first code decides, once); this side only makes
 * sure the code reaches it, never blocks a page and never throws.
 */
import Taro from '@tarojs/taro';
import { isApiClientError, shop } from '../api/client';
import { BindChannel, CampaignId, ReferralCode, parseReferralQuery, type ReferralEntry } from '../contracts';
import { isDevSignInAvailable, whoami } from './dev';

const STORAGE_KEY = 'partner.pendingReferral';

/** Answers that settle the code for good (unknown code, self-referral, a cycle): retrying cannot help. */
const FINAL_ERRORS: ReadonlySet<string> = new Set(['INVALID_INPUT', 'NOT_FOUND', 'FORBIDDEN']);

/** Group-buy pages are shared with the sharer's `ref`; such an arrival is recorded as a group-buy bond. */
const GROUPBUY_ROOT = 'groupbuy/';

const keyOf = (e: ReferralEntry) => `${e.code}|${e.channel}|${e.campaign ?? ''}`;

/** Referrals the server has answered in this run of the app: not offered again until the next launch. */
const settled = new Set<string>();
let queue: Promise<void> = Promise.resolve();
/** The pending referral of this run, for when storage is unavailable. */
let inMemory: ReferralEntry | null = null;

function readPending(): ReferralEntry | null {
  return readStored() ?? inMemory;
}

function readStored(): ReferralEntry | null {
  try {
    const raw: unknown = Taro.getStorageSync(STORAGE_KEY);
    if (typeof raw !== 'object' || raw === null) return null;
    const { code, channel, campaign } = raw as Record<string, unknown>;
    const parsedCode = ReferralCode.safeParse(code);
    const parsedChannel = BindChannel.safeParse(channel);
    if (!parsedCode.success || !parsedChannel.success) return null;
    const parsedCampaign = CampaignId.safeParse(campaign);
    return { code: parsedCode.data, channel: parsedChannel.data, ...(parsedCampaign.success ? { campaign: parsedCampaign.data } : {}) };
  } catch {
    return null;
  }
}

function writePending(entry: ReferralEntry | null): void {
  inMemory = entry;
  try {
    if (entry === null) Taro.removeStorageSync(STORAGE_KEY);
    else Taro.setStorageSync(STORAGE_KEY, entry);
  } catch {
    // Storage full or unavailable: the in-memory copy still offers it in this run.
  }
}

/** Pure: the referral a landing page's query carries, with the channel its page implies. */
export function referralFromLanding(path: string | undefined, query: Record<string, unknown> | undefined): ReferralEntry | null {
  const entry = parseReferralQuery(query);
  if (entry === null) return null;
  const onGroupBuy = (path ?? '').replace(/^\//, '').startsWith(GROUPBUY_ROOT);
  return onGroupBuy && entry.channel === 'code' ? { ...entry, channel: 'groupbuy' } : entry;
}

/** Pure: an H5 hash route ('#/pages/index/index?ref=X') as a path and its raw (still encoded) query. */
export function parseHashRoute(hash: string): { path: string; query: Record<string, string> } {
  const route = hash.replace(/^#/, '');
  const at = route.indexOf('?');
  const path = at < 0 ? route : route.slice(0, at);
  const query: Record<string, string> = {};
  if (at >= 0) {
    for (const part of route.slice(at + 1).split('&')) {
      const eq = part.indexOf('=');
      if (eq > 0) query[part.slice(0, eq)] = part.slice(eq + 1);
    }
  }
  return { path, query };
}

/** H5: nobody signed in yet (the gateway would refuse the call); the sign-in offers it later. */
async function signedOut(): Promise<boolean> {
  if (!isDevSignInAvailable()) return false;
  return (await whoami().catch(() => null)) === null;
}

async function offer(entry: ReferralEntry): Promise<void> {
  if (await signedOut()) return;
  try {
    await shop('partner.bind', { code: entry.code, channel: entry.channel, ...(entry.campaign ? { campaign: entry.campaign } : {}) });
  } catch (e) {
    // Offline, a server hiccup, a session that lapsed: keep it for the next launch or sign-in.
    if (!isApiClientError(e) || !FINAL_ERRORS.has(e.code)) return;
  }
  settled.add(keyOf(entry));
  const still = readPending();
  if (still !== null && keyOf(still) === keyOf(entry)) writePending(null);
}

/**
 * Offers the remembered referral to the server, if any. Calls are queued one after another, so
 * a launch and a sign-in arriving together send it once. Never rejects.
 */
export function bindPendingReferral(): Promise<void> {
  queue = queue.then(async () => {
    const entry = readPending();
    if (entry !== null && !settled.has(keyOf(entry))) await offer(entry);
  }).catch(() => undefined);
  return queue;
}

/**
 * A page or the app was opened at `path` with `query`: remembers its referral (the first one
 * waiting wins, as on the server) and offers it. Returns at once; the binding runs behind.
 */
export function arriveWith(path: string | undefined, query: Record<string, unknown> | undefined): void {
  const entry = referralFromLanding(path, query);
  if (entry !== null && !settled.has(keyOf(entry)) && readPending() === null) writePending(entry);
  void bindPendingReferral();
}

/** H5: the current hash route (the H5 build's router is in hash mode). */
export function arriveWithH5Location(): void {
  if (typeof window === 'undefined') return;
  const { path, query } = parseHashRoute(window.location.hash);
  arriveWith(path, query);
}
