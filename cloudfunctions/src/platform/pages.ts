// Where each platform fact comes from. Every fact in this folder names one of these, so a reader
// can check it, and the conformance test (test/services/platform-conformance.test.ts) can check
// that no fact is unsourced. `official` pages are WeChat's, WeChat Pay's or CloudBase's own
// documentation; `sdk` facts were read in the published source of wx-server-sdk 4.0.2 where the
// pages are silent; `community` facts have no official page and are listed in docs/DECISIONS.md.

export type Provenance =
  | { kind: 'official'; page: string }
  | { kind: 'sdk'; file: string }
  | { kind: 'community'; page: string; why: string };

const WX = 'https://developers.weixin.qq.com/miniprogram/dev';
const CLOUD_SDK = `${WX}/wxcloud/reference-sdk-api`;

/** Official pages, by topic. */
export const PAGE = {
  getWXContext: `${CLOUD_SDK}/utils/Cloud.getWXContext.html`,
  unifiedOrder: `${CLOUD_SDK}/open/pay/CloudPay.unifiedOrder.html`,
  queryOrder: `${CLOUD_SDK}/open/pay/CloudPay.queryOrder.html`,
  closeOrder: `${CLOUD_SDK}/open/pay/CloudPay.closeOrder.html`,
  refund: `${CLOUD_SDK}/open/pay/CloudPay.refund.html`,
  paymentCallback: `${WX}/wxcloudservice/wxcloud/reference-sdk-api/open/pay/paymentCallback.html`,
  /** WeChat Pay v2 查询订单 (linked from CloudPay.queryOrder): the trade_state values. */
  wxpayOrderQuery: 'https://pay.weixin.qq.com/wiki/doc/api/wxpay/ch/pay/QuickPay/chapter8_2.shtml',
  wxacodeGetUnlimited: `${WX}/server/API/qrcode-link/qr-code/api_getunlimitedqrcode.html`,
  subscribeMessageSend: `${WX}/OpenApiDoc/mp-message-management/subscribe-message/sendMessage.html`,
  uploadShippingInfo: `${WX}/server/API/order_shipping/api_uploadshippinginfo.html`,
  orderShipping: `${WX}/platform-capabilities/business-capabilities/order-shipping/order-shipping.html`,
  functionTriggers: `${WX}/wxcloudservice/wxcloud/guide/functions/triggers.html`,
  /** 云调用: config.json permissions.openapi (a missing name fails with -604101; cached ~10 min). */
  cloudCall: `${WX}/wxcloud/guide/openapi/openapi.html`,
  cloudbaseRuntimes: 'https://docs.cloudbase.net/cloud-function/runtime-support',
  nodeSdkIntro: 'https://docs.cloudbase.net/api-reference/server/node-sdk/introduction',
  database: `${CLOUD_SDK}/database/Cloud.database.html`,
  runTransaction: `${CLOUD_SDK}/database/Database.runTransaction.html`,
  collectionGet: `${CLOUD_SDK}/database/collection/Collection.get.html`,
} as const;

export const official = (page: string): Provenance => ({ kind: 'official', page });
/** A fact read in wx-server-sdk 4.0.2's published index.js (the webpack module path is named). */
export const sdk = (file: string): Provenance => ({ kind: 'sdk', file: `wx-server-sdk@4.0.2 index.js: ${file}` });
export const community = (page: string, why: string): Provenance => ({ kind: 'community', page, why });
