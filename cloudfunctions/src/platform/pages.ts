// Where each platform fact comes from. Facts carry their provenance as plain literals (a page
// key, no calls or property reads), so bundles tree-shake the facts a function does not use. Every fact in this folder names one of these, so a reader
// can check it, and the conformance test (test/services/platform-conformance.test.ts) can check
// that no fact is unsourced. `official` pages are WeChat's, WeChat Pay's or CloudBase's own
// documentation; `sdk` facts were read in the published source of wx-server-sdk 4.0.2 where the
// pages are silent; `community` facts have no official page and are listed in docs/DECISIONS.md.

export type PageKey = keyof typeof PAGE;

/** `official`: a key of PAGE; `sdk`: the webpack module inside wx-server-sdk@4.0.2's index.js; `community`: a URL and why no official page. */
export type Provenance =
  | { kind: 'official'; page: PageKey }
  | { kind: 'sdk'; file: string }
  | { kind: 'community'; page: string; why: string };

/** Official pages, by topic (plain literals, so bundles that do not read them drop them). */
export const PAGE = {
  getWXContext: 'https://developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-sdk-api/utils/Cloud.getWXContext.html',
  unifiedOrder: 'https://developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-sdk-api/open/pay/CloudPay.unifiedOrder.html',
  queryOrder: 'https://developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-sdk-api/open/pay/CloudPay.queryOrder.html',
  closeOrder: 'https://developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-sdk-api/open/pay/CloudPay.closeOrder.html',
  refund: 'https://developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-sdk-api/open/pay/CloudPay.refund.html',
  paymentCallback: 'https://developers.weixin.qq.com/miniprogram/dev/wxcloudservice/wxcloud/reference-sdk-api/open/pay/paymentCallback.html',
  /** WeChat Pay v2 查询订单 (linked from CloudPay.queryOrder): the trade_state values. */
  wxpayOrderQuery: 'https://pay.weixin.qq.com/wiki/doc/api/wxpay/ch/pay/QuickPay/chapter8_2.shtml',
  wxacodeGetUnlimited: 'https://developers.weixin.qq.com/miniprogram/dev/server/API/qrcode-link/qr-code/api_getunlimitedqrcode.html',
  requestSubscribeMessage: 'https://developers.weixin.qq.com/miniprogram/dev/api/open-api/subscribe-message/wx.requestSubscribeMessage.html',
  subscribeMessageSend: 'https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/sendMessage.html',
  uploadShippingInfo: 'https://developers.weixin.qq.com/miniprogram/dev/server/API/order_shipping/api_uploadshippinginfo.html',
  orderShipping: 'https://developers.weixin.qq.com/miniprogram/dev/platform-capabilities/business-capabilities/order-shipping/order-shipping.html',
  functionTriggers: 'https://developers.weixin.qq.com/miniprogram/dev/wxcloudservice/wxcloud/guide/functions/triggers.html',
  /** 云调用: config.json permissions.openapi (a missing name fails with -604101; cached ~10 min). */
  cloudCall: 'https://developers.weixin.qq.com/miniprogram/dev/wxcloud/guide/openapi/openapi.html',
  cloudbaseRuntimes: 'https://docs.cloudbase.net/cloud-function/runtime-support',
  nodeSdkIntro: 'https://docs.cloudbase.net/api-reference/server/node-sdk/introduction',
  database: 'https://developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-sdk-api/database/Cloud.database.html',
  runTransaction: 'https://developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-sdk-api/database/Database.runTransaction.html',
  collectionGet: 'https://developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-sdk-api/database/collection/Collection.get.html',
  /** Database.RegExp: regular-expression field conditions, flags i, m, s. */
  databaseRegExp: 'https://developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-sdk-api/database/Database.RegExp.html',
  /** 手机号快速验证, server side: phonenumber.getPhoneNumber exchanges the button's code (cloud call). */
  getPhoneNumber: 'https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/user-info/phone-number/getPhoneNumber.html',
  /** 手机号快速验证, client side: <button open-type="getPhoneNumber"> and its bindgetphonenumber code. */
  getPhoneNumberButton: 'https://developers.weixin.qq.com/miniprogram/dev/framework/open-ability/getPhoneNumber.html',
  /** 头像昵称填写: <button open-type="chooseAvatar"> and <input type="nickname">. */
  userProfile: 'https://developers.weixin.qq.com/miniprogram/dev/framework/open-ability/userProfile.html',
} as const;

/** The published SDK whose source `sdk` facts were read in. */
export const SDK_SOURCE = 'wx-server-sdk@4.0.2 index.js';

/** A fact's provenance as a reader would follow it: the page's URL, or the SDK file. */
export function provenanceText(p: Provenance): string {
  if (p.kind === 'official') return PAGE[p.page];
  if (p.kind === 'sdk') return `${SDK_SOURCE}: ${p.file}`;
  return `${p.page} (community: ${p.why})`;
}
