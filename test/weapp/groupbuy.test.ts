/** @jest-environment jsdom */
// Renders the BUILT weapp group page (dist/groupbuy/pages/group, `npm run build:weapp` first) in
// miniprogram-simulate with the official compiler: the page hands the deadline and the server's
// clock to the native countdown (camelCase attributes through Taro's template), says the group's
// state in Chinese, and reloads the group when the countdown's `end` event comes back through React.
import type { Campaign, Group, Order } from '../../src/contracts';
import { installWeapp, loadPage, renderPage, textOf, waitFor, type CallFunction, type RenderedPage, type Weapp } from './simulate';

const HOUR_MS = 3600 * 1000;

const CAMPAIGN: Campaign = {
  _id: 'gb_trial2', title: '试用装 2 人拼', productId: 'p_trial', productName: '纸尿裤试用装', specName: '', coverColor: '#f7b267', pictures: [],
  listPriceFen: 990, groupPriceFen: 490, leaderPriceFen: null, groupSize: 2, timeLimitMs: 2 * HOUR_MS, stockLeft: 198,
  perUserLimit: 1, fillOnExpiryMinPaid: null, rulesText: '2 人成团，拼团价 ¥4.90；未成团全额原路退款。', commissionEnabled: false,
  startAtMs: 0, endAtMs: 4_000_000_000_000, phase: 'running',
};

function group(over: Partial<Group>): Group {
  return {
    _id: 'g1', campaignId: 'gb_trial2', title: '试用装 2 人拼', productName: '纸尿裤试用装', groupSize: 2, seatsTaken: 1, seatsLeft: 1,
    paidCount: 1, priceFen: 490, leaderPriceFen: null, fillOnExpiryMinPaid: null, status: 'OPEN', filledOnExpiry: false,
    openedAtMs: 0, expiresAtMs: 0, closedAtMs: null,
    members: [{ nickname: '小美', avatar: null, leader: true, paid: true, isMe: true, joinedAtMs: 0 }],
    ...over,
  };
}

const ORDER: Order = {
  _id: 'o1', orderNo: '202611290000000001', kind: 'group', status: 'GROUPING', lines: [{ lineId: '1', productId: 'p_trial', specId: 'default', specName: '', picture: null, name: '纸尿裤试用装', qty: 1, listPriceFen: 990, unitPriceFen: 490, amountFen: 490 }],
  totalFen: 490, pointsUsed: 0, pointsDiscountFen: 0, payableFen: 490, payMethod: 'wxpay', balanceSplit: null, pointsEarned: 0,
  createdAtMs: 0, paidAtMs: 0, expiresAtMs: 0, group: { groupId: 'g1', campaignId: 'gb_trial2', leader: true, commission: false }, fulfilment: null, shippingFen: 0, shipments: [], shippedAtMs: null, receivedAtMs: null, refundedFen: 0, afterSaleOpen: null, 
};

/**
 * What groupbuy.group.get answers next for each group (the last answer repeats). Each test opens
 * its own group: pages stay mounted after their test and keep polling theirs.
 */
const answers = new Map<string, Array<() => unknown>>();
const calls: Array<{ action: string; groupId: unknown }> = [];
const callFunction: CallFunction = async ({ data }) => {
  const groupId = (data.input as { groupId?: unknown }).groupId;
  calls.push({ action: data.action, groupId });
  // The viewer's share code (utils/share.ts): this viewer's tier earns.
  if (data.action === 'partner.shareCode.get') return { result: { ok: true, data: { code: 'PARTNER2' } } };
  const queue = answers.get(String(groupId));
  if (data.action !== 'groupbuy.group.get' || queue === undefined) return { result: { ok: false, error: { code: 'INTERNAL', message: `unexpected ${data.action}` } } };
  const answer = queue.length > 1 ? queue.shift()! : queue[0];
  return { result: { ok: true, data: answer() } };
};

const getsOf = (groupId: string) => calls.filter((c) => c.action === 'groupbuy.group.get' && c.groupId === groupId).length;

const detail = (g: Group, nowMs: number, myOrder: Order | null = ORDER, sharePath = `groupbuy/pages/group/index?id=${g._id}`) => ({
  group: g, campaign: CAMPAIGN, sharePath, myOrder, nowMs,
});

let pageId = '';
let weapp: Weapp;
beforeAll(() => {
  weapp = installWeapp(callFunction);
  pageId = loadPage('groupbuy/pages/group/index');
});

/** Renders the group page for `groupId`, whose answers are `queue`. */
function openGroupPage(groupId: string, queue: Array<() => unknown>): RenderedPage {
  answers.set(groupId, queue);
  weapp.query = { id: groupId };
  return renderPage(pageId);
}

const nodeText = (page: RenderedPage, selector: string) => page.querySelector(selector)?.dom?.textContent?.trim() ?? '';

test('an open group: status, seats left, and a countdown on the server clock', async () => {
  // The server's clock runs an hour ahead of the phone: 30 minutes are left, not an hour and a half.
  const page = openGroupPage('g1', [() => {
    const serverNowMs = Date.now() + HOUR_MS;
    return detail(group({ _id: 'g1', expiresAtMs: serverNowMs + 30 * 60 * 1000 }), serverNowMs);
  }]);
  await waitFor(() => /00:(29|30):\d\d/.test(textOf(page)), () => `the countdown; page text was: ${JSON.stringify(textOf(page))}`);
  expect(nodeText(page, '#group-status')).toBe('拼团中');
  expect(nodeText(page, '#seats-left')).toBe('还剩 1 个名额');
  expect(nodeText(page, '#countdown')).toMatch(/^00:(29|30):\d\d$/);
  expect(textOf(page)).toContain('¥4.90');
  expect(textOf(page)).not.toContain('01:29');
});

test('the countdown ticks inside the built page', async () => {
  const page = openGroupPage('g2', [() => detail(group({ _id: 'g2', expiresAtMs: Date.now() + 5 * 60 * 1000 }), Date.now())]);
  await waitFor(() => /^00:0[45]:\d\d$/.test(nodeText(page, '#countdown')), () => `the countdown; page text was: ${JSON.stringify(textOf(page))}`);
  const first = nodeText(page, '#countdown');
  await waitFor(() => nodeText(page, '#countdown') !== first, () => `a tick after ${first}`, 2500);
});

test('when the countdown ends the page asks the server again', async () => {
  const page = openGroupPage('g3', [
    () => detail(group({ _id: 'g3', expiresAtMs: Date.now() + 800 }), Date.now()),
    () => detail(group({ _id: 'g3', status: 'FAILED', seatsLeft: 0, expiresAtMs: Date.now() - 100 }), Date.now(), { ...ORDER, status: 'REFUNDED' }),
  ]);
  await waitFor(() => nodeText(page, '#group-status') === '拼团中', () => `拼团中; page text was: ${JSON.stringify(textOf(page))}`);
  // The poll runs every 4 s; the end event comes first, about a second in.
  await waitFor(() => nodeText(page, '#group-status') === '拼团失败，已退款', () => `the refund; page text was: ${JSON.stringify(textOf(page))}; ${getsOf('g3')} gets`, 3000);
  expect(getsOf('g3')).toBe(2);
  expect(page.querySelector('#countdown')).toBeUndefined();
  expect(page.querySelector('#seats-left')).toBeUndefined();
});

test('a full group succeeded; a visitor who is not in it sees no join button', async () => {
  const full = group({
    _id: 'g4', status: 'SUCCEEDED', seatsTaken: 2, seatsLeft: 0, paidCount: 2, closedAtMs: 1,
    members: [{ nickname: '小美', avatar: null, leader: true, paid: true, isMe: false, joinedAtMs: 0 }, { nickname: '王姐', avatar: null, leader: false, paid: true, isMe: false, joinedAtMs: 1 }],
  });
  const page = openGroupPage('g4', [() => detail(full, Date.now(), null)]);
  await waitFor(() => nodeText(page, '#group-status') === '拼团成功', () => `拼团成功; page text was: ${JSON.stringify(textOf(page))}`);
  expect(page.querySelector('#join-group')).toBeUndefined();
  expect(page.querySelector('#go-campaign')).toBeDefined();
  expect(textOf(page)).toContain('王姐');
});

test('sharing opens this group page in the groupbuy package, carrying the sharer\'s referral code (to a chat and to Moments)', async () => {
  const page = openGroupPage('g5', [() => detail(group({ _id: 'g5', expiresAtMs: Date.now() + HOUR_MS }), Date.now(), ORDER)]);
  await waitFor(() => nodeText(page, '#group-status') === '拼团中', () => `拼团中; page text was: ${JSON.stringify(textOf(page))}`);
  const pages = (globalThis as unknown as { getCurrentPages(): Array<{ onShareAppMessage?: (o: unknown) => { path: string }; onShareTimeline?: () => { query: string } }> }).getCurrentPages();
  const shared = pages[pages.length - 1];
  await waitFor(() => shared.onShareAppMessage?.({ from: 'button' }).path.includes('ref=') === true, () => 'the code in the share path');
  expect(shared.onShareAppMessage?.({ from: 'button' })).toMatchObject({ path: '/groupbuy/pages/group/index?id=g5&ref=PARTNER2' });
  expect(shared.onShareTimeline?.()).toMatchObject({ query: 'id=g5&ref=PARTNER2' });
  expect(page.querySelector('#share-group')).toBeDefined();
});
