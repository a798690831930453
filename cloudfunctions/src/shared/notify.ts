import { carrierName, MESSAGE_FIELDS, type MessageFields, type MessageKind } from '../../../src/contracts';
import { subscribeAmount, subscribeThing, subscribeValueProblem } from '../platform';
import { cloud } from '../adapters/cloud';
import { getSettings } from '../store/services/settings';

/**
 * Subscribe messages (订阅消息), after commit and never inside a transaction (an external call).
 * The template and its keys are the store's (settings/store.subscribeTemplates); a message whose
 * template is not configured is skipped and logged; a value WeChat would refuse (47003) is not
 * sent; a refusal from WeChat (43101: the user did not consent, 40037: not the store's template)
 * is logged. Nothing here ever fails what it reports on (a payment, a group, a withdrawal).
 */
export type SendOutcome = 'sent' | 'skipped' | 'refused' | 'failed';

/** Field values as the store knows them: amounts in fen, the rest as text. */
export type MessageValues<K extends MessageKind> = Record<MessageFields<K>, string | number>;

function formatValue(valueKind: string, raw: string | number): string {
  if (valueKind === 'amount') return subscribeAmount(Number(raw));
  if (valueKind === 'thing') return subscribeThing(String(raw));
  return String(raw);
}

/** The template's data: each field under the owner's key, formatted for its keyword kind; or why it cannot be sent. */
export function messageData<K extends MessageKind>(kind: K, keys: Record<string, string>, values: MessageValues<K>): { data: Record<string, { value: string }> } | { problem: string } {
  const data: Record<string, { value: string }> = {};
  for (const [field, valueKind] of Object.entries(MESSAGE_FIELDS[kind] as Record<string, string>)) {
    const key = keys[field];
    const value = formatValue(valueKind, values[field as MessageFields<K>]);
    const problem = key ? subscribeValueProblem(key, value) : `${field}: no key`;
    if (problem) return { problem };
    data[key] = { value };
  }
  return { data };
}

export async function sendMessage<K extends MessageKind>(kind: K, touser: string, page: string, values: MessageValues<K>): Promise<SendOutcome> {
  try {
    const template = (await getSettings()).subscribeTemplates[kind];
    if (!template) {
      console.warn(`subscribe message ${kind} skipped: no template configured (settings/store.subscribeTemplates)`);
      return 'skipped';
    }
    const built = messageData(kind, template.keys, values);
    if ('problem' in built) {
      console.error(`subscribe message ${kind} not sent: ${built.problem}`);
      return 'refused';
    }
    await cloud().openapi.subscribeMessage.send({ touser, templateId: template.templateId, page, data: built.data });
    return 'sent';
  } catch (e) {
    // 43101 (no consent, or a one-time consent used up), 40037, 47003 …: logged, never thrown.
    console.error(`subscribe message ${kind} to ${touser} failed`, e);
    return 'failed';
  }
}

interface PaidOrder {
  _id: string;
  openid: string;
  orderNo?: string | null;
  payableFen: number;
  lines: { name: string; qty: number }[];
}

function goodsOf(lines: PaidOrder['lines']): string {
  const first = lines[0]?.name ?? '商品';
  return lines.length > 1 ? `${first}等${lines.length}件` : first;
}

/** 支付成功 to the buyer. */
export function notifyOrderPaid(order: PaidOrder): Promise<SendOutcome> {
  return sendMessage('orderPaid', order.openid, `pages/order/index?id=${order._id}`, { orderNo: order.orderNo ?? order._id, amount: order.payableFen, goods: goodsOf(order.lines) });
}

/** 拼团结果 to a paid member when the group settles. */
export function notifyGroupResult(p: { openid: string; orderNo: string; goods: string; groupId: string; succeeded: boolean }): Promise<SendOutcome> {
  return sendMessage('groupResult', p.openid, `groupbuy/pages/group/index?id=${p.groupId}`, { goods: p.goods, result: p.succeeded ? '拼团成功' : '拼团失败', orderNo: p.orderNo });
}

/** 提现结果 to the partner when the owner pays out or rejects. */
export function notifyWithdrawalResult(p: { openid: string; amountFen: number; paid: boolean; note: string }): Promise<SendOutcome> {
  return sendMessage('withdrawalResult', p.openid, 'partner/pages/earnings/index', { amount: p.amountFen, result: p.paid ? '已打款' : '已驳回', note: p.note });
}

/** 发货通知 to the buyer when the owner ships (the first parcel's carrier and number). */
export function notifyOrderShipped(order: PaidOrder & { shipments?: { carrier: string; trackingNo: string }[] }): Promise<SendOutcome> {
  const first = order.shipments?.[0];
  return sendMessage('orderShipped', order.openid, `pages/order/index?id=${order._id}`, {
    orderNo: order.orderNo ?? order._id, goods: goodsOf(order.lines), carrier: first ? carrierName(first.carrier) : '快递', trackingNo: first?.trackingNo ?? '-',
  });
}
