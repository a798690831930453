/**
 * The campaign form's text and its parsing, kept pure. Only formats are checked here, with the
 * contract's own field rules (so the words match the server's); cross-field rules (group price
 * ≤ list price, M < N, …) are the server's call and its message is shown as it is.
 */
import { groupbuyAdminActions, type CampaignConfig } from '../../../contracts';
import { formatDateTime, parseDateTime, parseYuanToFen } from '../../../utils/format';

export interface Draft {
  productId: string | null;
  /** The size the campaign sells; null for a product with one (the server takes it). */
  specId: string | null;
  title: string;
  price: string;
  leaderPrice: string;
  size: string;
  hours: string;
  stock: string;
  perUser: string;
  fill: string;
  commission: boolean;
  start: string;
  end: string;
}

const HOUR_MS = 3600 * 1000;
const WEEK_MS = 7 * 24 * HOUR_MS;

/** A fresh form: a 2-person group for 24 hours, running from now for a week. */
export function emptyDraft(nowMs: number): Draft {
  return {
    productId: null, specId: null, title: '', price: '', leaderPrice: '', size: '2', hours: '24', stock: '100', perUser: '1', fill: '',
    commission: false, start: formatDateTime(nowMs), end: formatDateTime(nowMs + WEEK_MS),
  };
}

const parseCount = (text: string): number | null => (/^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : null);

/** '24' → 24 h, '0.5' → 30 min; at most two decimals. */
function parseHoursToMs(text: string): number | null {
  return /^\d{1,4}(\.\d{1,2})?$/.test(text.trim()) ? Math.round(Number(text.trim()) * HOUR_MS) : null;
}

export type Parsed = { ok: true; config: CampaignConfig } | { ok: false; message: string };
type Step<T> = { ok: true; value: T } | { ok: false; message: string };

function readNumbers(d: Draft): Step<Omit<CampaignConfig, 'productId' | 'specId' | 'title' | 'commissionEnabled'>> {
  const groupPriceFen = parseYuanToFen(d.price);
  if (groupPriceFen === null) return { ok: false, message: '请填写拼团价，如 99 或 99.00' };
  const leaderPriceFen = d.leaderPrice.trim() === '' ? null : parseYuanToFen(d.leaderPrice);
  if (leaderPriceFen === null && d.leaderPrice.trim() !== '') return { ok: false, message: '团长价格式不正确，留空表示不设' };
  const groupSize = parseCount(d.size);
  if (groupSize === null) return { ok: false, message: '成团人数须为整数' };
  const timeLimitMs = parseHoursToMs(d.hours);
  if (timeLimitMs === null) return { ok: false, message: '成团时限须为小时数，如 24 或 0.5' };
  const stock = parseCount(d.stock);
  if (stock === null) return { ok: false, message: '活动库存须为整数' };
  const perUserLimit = parseCount(d.perUser);
  if (perUserLimit === null) return { ok: false, message: '每人限参须为整数' };
  const fillOnExpiryMinPaid = d.fill.trim() === '' ? null : parseCount(d.fill);
  if (fillOnExpiryMinPaid === null && d.fill.trim() !== '') return { ok: false, message: '凑团人数须为整数，留空表示只有满员才成团' };
  const startAtMs = parseDateTime(d.start);
  const endAtMs = parseDateTime(d.end);
  if (startAtMs === null || endAtMs === null) return { ok: false, message: '时间格式如 2026-01-01 10:00' };
  return { ok: true, value: { groupPriceFen, leaderPriceFen, groupSize, timeLimitMs, stock, perUserLimit, fillOnExpiryMinPaid, startAtMs, endAtMs } };
}

/** Pure: the form as the create action's config, or the first thing to fix. */
export function parseDraft(d: Draft): Parsed {
  if (d.productId === null) return { ok: false, message: '请选择商品' };
  const numbers = readNumbers(d);
  if (!numbers.ok) return numbers;
  const config: CampaignConfig = { productId: d.productId, ...(d.specId === null ? {} : { specId: d.specId }), title: d.title.trim(), commissionEnabled: d.commission, ...numbers.value };
  // The contract's field rules, checked before the round trip; requestId is added by the caller.
  const checked = groupbuyAdminActions['groupbuy.campaign.create'].input.omit({ requestId: true }).safeParse(config);
  if (!checked.success) return { ok: false, message: checked.error.issues[0]?.message ?? '活动设置不正确' };
  return { ok: true, config };
}
