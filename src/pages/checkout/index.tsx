import { Button, Switch, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { errorMessage, isApiClientError, shop, type ClientOutput } from '../../api/client';
import { payOrder } from '../../api/pay';
import type { Order, PayMethod, Product } from '../../contracts';
import { formatFen } from '../../utils/money';
import { flag } from '../../utils/flag';
import { newRequestId } from '../../utils/requestId';
import './index.scss';

type Quote = ClientOutput<'shop', 'checkout.quote'>;
/** A quote together with the choice it was made for: what the page shows and submits. */
interface Quoted {
  usePoints: boolean;
  quote: Quote;
}

function parseQty(raw: string | undefined): number {
  const qty = Number.parseInt(raw ?? '1', 10);
  return Number.isFinite(qty) ? Math.min(99, Math.max(1, qty)) : 1;
}

/** `offer` is a quote made with points on: the server reports points only for such a quote. */
function pointsHint(offer: Quote | null): string {
  if (offer === null || offer.pointsUsable <= 0) return '暂无可用积分';
  return `可用 ${offer.pointsUsable} 积分抵扣 ${formatFen(offer.pointsDiscountFen)}`;
}

interface PriceCardProps {
  quote: Quote;
  offer: Quote | null;
  usePoints: boolean;
  locked: boolean;
  onTogglePoints: (on: boolean) => void;
}

function PriceCard({ quote, offer, usePoints, locked, onTogglePoints }: PriceCardProps) {
  const discounted = quote.listTotalFen > quote.totalFen;
  // Switching off is always allowed; switching on only when points would take something off.
  const nothingToUse = !usePoints && (offer === null || offer.pointsUsable <= 0);
  return (
    <View className="card">
      <View className="row">
        <Text className="muted">商品金额</Text>
        <Text id="quote-list-total" className={discounted ? 'checkout__struck muted' : ''}>{formatFen(quote.listTotalFen)}</Text>
      </View>
      {discounted && (
        <View className="row">
          <Text className="muted">会员价</Text>
          <Text id="quote-total">{formatFen(quote.totalFen)}</Text>
        </View>
      )}
      <View className="row">
        <View className="checkout__points">
          <Text>积分抵扣</Text>
          <Text id="points-hint" className="muted">{pointsHint(offer)}</Text>
        </View>
        <Switch
          id="use-points"
          color="#c0392b"
          checked={usePoints}
          disabled={flag(locked || nothingToUse)}
          onChange={(e) => onTogglePoints(e.detail.value)}
        />
      </View>
      <View className="row">
        <Text>实付金额</Text>
        <Text id="quote-payable" className="price">{formatFen(quote.payableFen)}</Text>
      </View>
    </View>
  );
}

interface PayOptionProps {
  id: string;
  title: string;
  note: string | null;
  selected: boolean;
  disabled: boolean;
  onSelect: () => void;
}

function PayOption({ id, title, note, selected, disabled, onSelect }: PayOptionProps) {
  const state = `${selected ? ' pay-option--selected' : ''}${disabled ? ' pay-option--disabled' : ''}`;
  return (
    <View id={id} className={`pay-option row${state}`} onClick={disabled ? undefined : onSelect}>
      <View className="pay-option__info">
        <Text>{title}</Text>
        {note !== null && <Text className="muted">{note}</Text>}
      </View>
      <View className="pay-option__mark" />
    </View>
  );
}

function PayMethodCard({ quote, method, onSelect }: { quote: Quote; method: PayMethod; onSelect: (m: PayMethod) => void }) {
  const balanceShort = quote.walletFen < quote.payableFen;
  const balanceNote = `余额 ${formatFen(quote.walletFen)}${balanceShort ? '（余额不足）' : ''}`;
  return (
    <View className="card">
      <PayOption id="pay-wxpay" title="微信支付" note={null} selected={method === 'wxpay'} disabled={false} onSelect={() => onSelect('wxpay')} />
      <PayOption id="pay-balance" title="余额支付" note={balanceNote} selected={method === 'balance'} disabled={balanceShort} onSelect={() => onSelect('balance')} />
    </View>
  );
}

type Lines = { productId: string; qty: number }[];

/** The server's quote for the lines, re-asked whenever the points switch is toggled. */
function useQuote(lines: Lines) {
  const [quoted, setQuoted] = useState<Quoted | null>(null);
  // The switch follows the tap at once and falls back if the server does not confirm the quote.
  const [pointsSwitch, setPointsSwitch] = useState(false);
  const [quoting, setQuoting] = useState(false);
  const [quoteError, setQuoteError] = useState<string | null>(null);
  const [offer, setOffer] = useState<Quote | null>(null);

  const requestQuote = useCallback(
    async (usePoints: boolean, fallback: boolean) => {
      setPointsSwitch(usePoints);
      setQuoting(true);
      try {
        const quote = await shop('checkout.quote', { lines, usePoints });
        setQuoted({ usePoints, quote });
        if (usePoints) setOffer(quote);
        setQuoteError(null);
      } catch (e) {
        setPointsSwitch(fallback);
        setQuoteError(errorMessage(e));
      } finally {
        setQuoting(false);
      }
    },
    [lines],
  );

  useEffect(() => {
    void requestQuote(false, false);
    // What points would take off, for the switch's label, before the shopper turns it on.
    shop('checkout.quote', { lines, usePoints: true })
      .then(setOffer)
      .catch(() => setOffer(null));
  }, [lines, requestQuote]);

  return { quoted, offer, pointsSwitch, quoting, quoteError, requestQuote };
}

export default function CheckoutPage() {
  const { params } = useRouter();
  const productId = params.productId ?? '';
  const qty = parseQty(params.qty);
  const lines = useMemo<Lines>(() => [{ productId, qty }], [productId, qty]);
  const [requestId] = useState(newRequestId);
  const [product, setProduct] = useState<Product | null>(null);
  const { quoted, offer, pointsSwitch, quoting, quoteError, requestQuote } = useQuote(lines);
  const [chosenMethod, setChosenMethod] = useState<PayMethod>('wxpay');
  const [order, setOrder] = useState<Order | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    shop('product.get', { productId })
      .then((res) => setProduct(res.product))
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [productId]);

  // Balance only when it covers what the server says is payable now (toggling points changes that).
  const method: PayMethod = chosenMethod === 'balance' && quoted !== null && quoted.quote.walletFen >= quoted.quote.payableFen ? 'balance' : 'wxpay';

  const pay = async (created: Order) => {
    try {
      await payOrder(created._id, method);
    } catch (e) {
      // The order exists either way; its detail page offers 去支付 again.
      if (isApiClientError(e)) void Taro.showToast({ title: e.message, icon: 'none' });
    }
    void Taro.redirectTo({ url: `/pages/order/index?id=${created._id}` });
  };

  const submit = async () => {
    if (busy || quoting || quoted === null) return;
    setBusy(true);
    try {
      const created = order ?? (await shop('order.create', { requestId, lines, usePoints: quoted.usePoints })).order;
      setOrder(created);
      await pay(created);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const shownError = error ?? quoteError;
  return (
    <View className="checkout page">
      {product !== null && (
        <View className="card checkout__line">
          <Text className="checkout__name">{product.name}</Text>
          <View className="row">
            <Text className="muted">{`标价 ${formatFen(product.listPriceFen)}`}</Text>
            <Text id="checkout-qty">{`x ${qty}`}</Text>
          </View>
        </View>
      )}
      {quoted === null ? (
        <View className="card"><Text className="muted">{quoteError === null ? '计算中…' : '暂时无法计算价格'}</Text></View>
      ) : (
        <>
          <PriceCard quote={quoted.quote} offer={offer} usePoints={pointsSwitch} locked={quoting || busy || order !== null} onTogglePoints={(on) => void requestQuote(on, quoted.usePoints)} />
          <PayMethodCard quote={quoted.quote} method={method} onSelect={setChosenMethod} />
        </>
      )}
      {shownError !== null && <Text className="error">{shownError}</Text>}
      <Button
        id="submit-order"
        className="primary-button"
        disabled={flag(busy || quoting || quoted === null || product === null)}
        loading={flag(busy)}
        onClick={() => void submit()}
      >
        {method === 'balance' ? '提交订单并用余额支付' : '提交订单并支付'}
      </Button>
    </View>
  );
}
