import QRCode from 'qrcode';
import { AppError } from '../../../../src/contracts';
import { getOwnOrder } from './orders';

/**
 * The buyer's pickup code and a QR code of it, drawn on the server (the mini program bundles no
 * QR encoder). Only the buyer's own paid or picked-up pickup order has one to show.
 */
export async function pickupCodeOf(openid: string, orderId: string): Promise<{ code: string; qr: string }> {
  const order = await getOwnOrder(openid, orderId);
  if (order.fulfilment?.mode !== 'pickup' || !['PAID', 'PICKED_UP'].includes(order.status)) throw new AppError('NOT_SHIPPABLE', '该订单没有提货码');
  const code = order.fulfilment.pickupCode;
  const qr = await QRCode.toDataURL(code, { margin: 1, width: 240, errorCorrectionLevel: 'M' });
  return { code, qr };
}
