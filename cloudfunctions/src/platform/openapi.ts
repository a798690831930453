// Open API cloud calls (cloud.openapi.*): names as config.json's permissions.openapi lists them,
// parameters (camelCase; the SDK converts to snake_case), limits and the errors they answer with.

/** `<category>.<method>` names, as permissions.openapi must list them (else -604101). */
export const OPENAPI_NAME = {
  wxacodeGetUnlimited: 'wxacode.getUnlimited',
  subscribeMessageSend: 'subscribeMessage.send',
  uploadShippingInfo: 'wxa.sec.order.uploadShippingInfo',
  uploadCombinedShippingInfo: 'wxa.sec.order.uploadCombinedShippingInfo',
  /** get_order (查询订单发货状态): the cloud call's name by the same rule as upload's (path segments, camelCase method). */
  getShippingOrder: 'wxa.sec.order.getOrder',
  phonenumberGetPhoneNumber: 'phonenumber.getPhoneNumber',
} as const;
export const OPENAPI_PERMISSION = { missingErrCode: -604101, cacheMs: 600_000 /* 10 min */, provenance: { kind: 'official', page: 'cloudCall' } } as const;

/**
 * How the SDK answers an open API call: a JSON answer with a non-zero errcode throws an error
 * whose `errCode` is that errcode and whose errMsg starts `openapi.<name>:fail`; a binary answer
 * (a mini program code) resolves `{ contentType, buffer, errCode: 0, errMsg: 'openapi.<name>:ok' }`.
 */
export const OPENAPI_SDK = {
  failPrefix: (name: string) => `openapi.${name}:fail`,
  okMsg: (name: string) => `openapi.${name}:ok`,
  provenance: { kind: 'sdk', file: 'src/api/openapi/namespace/generic.ts' },
} as const;

// ---------------------------------------------------------------- wxacode.getUnlimited

export const WXACODE = {
  sceneMaxChars: 32,
  /** Digits, letters and !#$&'()*+,/:;=?@-._~ (no %, so no URL-encoded Chinese). */
  scenePattern: /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/,
  /** The page, without a leading `/` and without a query. */
  pagePattern: /^[^/?][^?]*$/,
  envVersions: ['release', 'trial', 'develop'] as const,
  /** What the call opens when envVersion is left out: the released version. */
  defaultEnvVersion: 'release' as const,
  /** checkPath true (the default) refuses pages the released version does not have. */
  defaultCheckPath: true,
  widthPx: { min: 280, max: 1280, default: 430 },
  /** Errors: 41030 page missing or mini program not released; 45009 over the per-minute quota. */
  errCode: { pageInvalid: 41030, overQuota: 45009 },
  provenance: { kind: 'official', page: 'wxacodeGetUnlimited' },
} as const;
export type WxacodeEnvVersion = (typeof WXACODE.envVersions)[number];

export interface WxacodeParams {
  scene: string;
  page?: string;
  checkPath?: boolean;
  envVersion?: WxacodeEnvVersion;
  width?: number;
}

/** Why a scene/page/width would be refused by wxacode.getUnlimited, or null when it is acceptable. */
export function wxacodeProblem(p: WxacodeParams): string | null {
  if (!WXACODE.scenePattern.test(p.scene)) return `scene must be 1–${WXACODE.sceneMaxChars} characters of digits, letters and !#$&'()*+,/:;=?@-._~`;
  if (p.page !== undefined && !WXACODE.pagePattern.test(p.page)) return 'page must not start with / nor carry a query';
  if (p.envVersion !== undefined && !WXACODE.envVersions.includes(p.envVersion)) return `envVersion must be one of ${WXACODE.envVersions.join(', ')}`;
  if (p.width !== undefined && (p.width < WXACODE.widthPx.min || p.width > WXACODE.widthPx.max)) return `width must be ${WXACODE.widthPx.min}–${WXACODE.widthPx.max}`;
  return null;
}

// ---------------------------------------------------------------- subscribeMessage.send

/**
 * Value rules of template data by keyword kind (订阅消息参数值内容限制). A value that breaks them
 * fails with 47003; a user who has not consented through wx.requestSubscribeMessage for the
 * template (or has used up the one-time consent) gets 43101; a template id that is not the
 * mini program's own gets 40037.
 */
export const SUBSCRIBE_MESSAGE = {
  values: {
    thing: { maxChars: 20 },
    number: { pattern: /^\d{1,32}(\.\d+)?$/ },
    letter: { pattern: /^[A-Za-z]{1,32}$/ },
    symbol: { maxChars: 5 },
    character_string: { pattern: /^[0-9A-Za-z!-/:-@[-`{-~]{1,32}$/ },
    /** One currency sign and at most 10 digits, decimals allowed, may end in 元: `¥99.00`. */
    amount: { pattern: /^[¥￥$]\d{1,10}(\.\d{1,2})?元?$/ },
    phone_number: { maxChars: 17 },
    car_number: { maxChars: 8 },
    name: { maxChars: 10 },
    phrase: { pattern: /^[\u4e00-\u9fa5]{1,5}$/ },
  },
  /** miniprogramState: which version a tap on the message opens (default formal). */
  miniprogramStates: ['developer', 'trial', 'formal'] as const,
  errCode: { noConsent: 43101, badTemplate: 40037, badValue: 47003, badTouser: 40003, badPage: 41030 },
  provenance: { kind: 'official', page: 'subscribeMessageSend' },
} as const;
export type SubscribeValueKind = keyof typeof SUBSCRIBE_MESSAGE.values;

/** The kind of a data key: `thing1` → thing, `character_string2` → character_string. */
export function subscribeValueKind(key: string): SubscribeValueKind | null {
  const kind = key.replace(/\d+$/, '');
  return kind in SUBSCRIBE_MESSAGE.values ? (kind as SubscribeValueKind) : null;
}

/** Why WeChat would refuse `value` for data key `key` (47003), or null when it fits. */
export function subscribeValueProblem(key: string, value: string): string | null {
  const kind = subscribeValueKind(key);
  if (!kind) return `unknown keyword kind in ${key}`;
  const rule = SUBSCRIBE_MESSAGE.values[kind] as { maxChars?: number; pattern?: RegExp };
  if (rule.maxChars !== undefined && (value.length === 0 || [...value].length > rule.maxChars)) return `${key}: 1–${rule.maxChars} characters`;
  if (rule.pattern && !rule.pattern.test(value)) return `${key}: not a valid ${kind} value`;
  return null;
}

/**
 * An `amount` value from integer fen: one currency sign and yuan with two decimals (¥99.00), as
 * SUBSCRIBE_MESSAGE.values.amount allows. Fen never go out as 9900.
 */
export function subscribeAmount(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`subscribeAmount: ${fen} is not a fen amount`);
  return `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** A `thing` value: at most 20 characters, cut at a whole character (an emoji is one). */
export function subscribeThing(text: string): string {
  return [...text].slice(0, SUBSCRIBE_MESSAGE.values.thing.maxChars).join('');
}

/**
 * Consent in the mini program (wx.requestSubscribeMessage): only from a tap (or a payment's
 * completion, base library ≥ 2.8.2); at most 5 template ids a call, one-time and long-term ids
 * never mixed, ids whose titles repeat are filtered; each id answers accept / reject / ban /
 * filter. A one-time consent allows one send.
 */
export const REQUEST_SUBSCRIBE = {
  maxTemplateIdsPerCall: 5,
  answers: ['accept', 'reject', 'ban', 'filter'] as const,
  onlyOnTapOrAfterPayment: true,
  provenance: { kind: 'official', page: 'requestSubscribeMessage' },
} as const;

export interface SubscribeMessageParams {
  touser: string;
  templateId: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogramState?: (typeof SUBSCRIBE_MESSAGE.miniprogramStates)[number];
  lang?: 'zh_CN' | 'en_US' | 'zh_HK' | 'zh_TW';
}

// ---------------------------------------------------------------- shipping (发货信息管理)

/**
 * Shipping information for paid physical goods: the buyer's money stays frozen until it is
 * uploaded and receipt is confirmed. A payment's shipping may be uploaded again only once
 * (changing the mode or logistics type counts as that once); split shipment up to 15 packages.
 */
export const SHIPPING = {
  orderNumberType: { byOutTradeNo: 1, byTransactionId: 2 } as const,
  logisticsType: { express: 1, localDelivery: 2, virtual: 3, pickup: 4 } as const,
  deliveryMode: { unified: 1, split: 2 } as const,
  maxPackages: 15,
  trackingNoBytes: { min: 1, max: 128 },
  reuploads: 1,
  /**
   * get_order's order_state: (1) 待发货 (2) 已发货 (3) 确认收货 (4) 交易完成 (5) 已退款 (6) 资金待结算
   * (6 added later: between receipt and completion, per WeChat's answer on the community page).
   */
  orderState: { toShip: 1, shipped: 2, received: 3, done: 4, refunded: 5, settling: 6 } as const,
  /**
   * 10060001 支付单不存在 (also right after a payment, until WeChat has stored it: "wait a minute"),
   * 10060004 支付单处于不可发货的状态 — both seen in WeChat's community answers. The code for a
   * second update refused is not on a page we saw: the local runtime answers 10060003 for it and
   * the store never relies on it (it asks get_order before any repeat).
   */
  errCode: { noPayment: 10060001, notShippable: 10060004, updateUsed: 10060003 },
  provenance: { kind: 'official', page: 'uploadShippingInfo' },
} as const;

/** item_desc: 120 characters at most. Read in third-party SDKs, not on the official page we saw. */
export const SHIPPING_ITEM_DESC = {
  maxChars: 120,
  provenance: { kind: 'community', page: 'https://docs.rs/wechat-vendor-sdk/0.4.0/src/wechat_vendor_sdk/wxmini/api/order.rs.html', why: 'limit copied from a third-party SDK; the official table excerpt did not show it' },
} as const;

// ---------------------------------------------------------------- phonenumber.getPhoneNumber

/**
 * 手机号快速验证: the mini program's `<button open-type="getPhoneNumber">` hands the page a `code`
 * (bindgetphonenumber's e.detail.code) once the user agrees; the server exchanges it with the
 * cloud call `openapi.phonenumber.getPhoneNumber({ code })`. Each code works once and for 5
 * minutes; an invalid or used code answers errcode 40029. The answer's `phone_info` reaches the
 * function camelCased by the SDK: `phoneInfo: { phoneNumber, purePhoneNumber, countryCode,
 * watermark: { timestamp, appid } }` (phoneNumber carries the area code for numbers abroad).
 */
export const PHONE_NUMBER = {
  codeTtlMs: 5 * 60 * 1000,
  codeUses: 1,
  errCode: { invalidCode: 40029, system: -1, overQuota: 45011 },
  provenance: { kind: 'official', page: 'getPhoneNumber' },
} as const;

export interface PhoneNumberParams {
  code: string;
}

export interface PhoneNumberResult {
  phoneInfo: { phoneNumber: string; purePhoneNumber: string; countryCode: string | number; watermark: { timestamp: number; appid: string } };
  errCode?: number;
  errMsg?: string;
}

/**
 * 头像昵称填写 (the successor of getUserProfile, which no longer returns real names): an avatar
 * from `<button open-type="chooseAvatar">` (bindchooseavatar's e.detail.avatarUrl, a temporary
 * file the page must upload itself), a nickname from `<input type="nickname">` (WeChat checks it
 * asynchronously on blur and may clear it; collect it on submit). Base library ≥ 2.21.2.
 */
export const USER_PROFILE = {
  avatarButtonOpenType: 'chooseAvatar',
  nicknameInputType: 'nickname',
  phoneButtonOpenType: 'getPhoneNumber',
  minBaseLibrary: '2.21.2',
  provenance: { kind: 'official', page: 'userProfile' },
} as const;
