import { Button } from '@nutui/nutui-react-taro';
import { Switch, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { errorMessage, shop, type ClientOutput } from '../../api/client';
import { BottomBar, EmptyState, ErrorBar, Fact, Icon, Price, ProductPicture, Section, Skeleton } from '../../components/ui';
import type { Address, Order, PayMethod } from '../../contracts';
import { AddressForm, chooseWeChatAddress, FulfilmentChooser, type Mode } from '../../components/Fulfilment';
import { THEME } from '../../theme/tokens';
import { payAndShowResult } from '../../utils/afterPay';
import { useConsent } from '../../hooks/useConsent';
import { lineKey, readCart, removeFromCart } from '../../utils/cart';
import { flag } from '../../utils/flag';
import { formatFen } from '../../utils/format';
import { newRequestId } from '../../utils/requestId';
import './index.scss';

type Quote = ClientOutput<'shop', 'checkout.quote'>;
type Lines = { productId: string; specId?: string; qty: number }[];
/** A quote together with the choice it was made for: what the page shows and submits. */
interface Quoted {
  usePoints: boolean;
  quote: Quote;
}

function parseQty(raw: string | undefined): number {
  const qty = Number.parseInt(raw ?? '1', 10);
  return Number.isFinite(qty) ? Math.min(99, Math.max(1, qty)) : 1;
}

/** The lines to buy: the product page's one line (a product and its size), or the cart's checked lines. */
function linesFrom(params: Partial<Record<string, string>>): Lines {
  const spec = (specId: string | null | undefined) => (specId ? { specId } : {});
  if (params.from === 'cart') return readCart().filter((l) => l.checked).map(({ productId, specId, qty }) => ({ productId, ...spec(specId), qty }));
  return params.productId ? [{ productId: params.productId, ...spec(params.specId), qty: parseQty(params.qty) }] : [];
}

/** The lines as the server priced them for this shopper: picture, name, size, price, quantity. */
function QuotedLines({ quote }: { quote: Quote }) {
  return (
    <Section title={`共 ${quote.lines.reduce((n, l) => n + l.qty, 0)} 件商品`}>
      {quote.lines.map((l) => (
        <View key={l.lineId} id={`checkout-line-${l.productId}${l.specName ? `-${l.specId}` : ''}`} className="checkout-line">
          <ProductPicture product={{ name: l.name, pictures: l.picture === null ? [] : [l.picture] }} size="thumb" />
          <View className="checkout-line__text">
            <Text className="checkout-line__name">{l.name}</Text>
            {l.specName !== '' && <Text className="checkout-line__spec">{l.specName}</Text>}
            <View className="checkout-line__foot">
              <Price fen={l.unitPriceFen} size="s" />
              <Text id="checkout-qty" className="checkout__qty">{`× ${l.qty}`}</Text>
            </View>
          </View>
        </View>
      ))}
    </Section>
  );
}

/** `offer` is a quote made with points on: the server reports points only for such a quote. */
function pointsHint(offer: Quote | null): string {
  if (offer === null || offer.pointsUsable <= 0) return '暂无可用积分';
  return `可用 ${offer.pointsUsable} 积分抵扣 ${formatFen(offer.pointsDiscountFen)}`;
}

interface PriceCardProps {
  quote: Quote;
  mode: Mode;
  offer: Quote | null;
  usePoints: boolean;
  locked: boolean;
  onTogglePoints: (on: boolean) => void;
}

function PriceCard({ quote, mode, offer, usePoints, locked, onTogglePoints }: PriceCardProps) {
  const savedFen = quote.listTotalFen - quote.totalFen;
  // Switching off is always allowed; switching on only when points would take something off.
  const nothingToUse = !usePoints && (offer === null || offer.pointsUsable <= 0);
  return (
    <Section>
      <Fact label="商品金额"><Text id="quote-list-total">{formatFen(quote.listTotalFen)}</Text></Fact>
      {savedFen > 0 && (
        <Fact label="会员优惠"><Text id="quote-saved" className="checkout__minus">{`-${formatFen(savedFen)}`}</Text></Fact>
      )}
      {savedFen > 0 && <Fact label="会员价合计"><Text id="quote-total">{formatFen(quote.totalFen)}</Text></Fact>}
      {mode === 'delivery' && <Fact label="运费"><Text id="quote-shipping">{quote.shippingFen === 0 ? '包邮' : formatFen(quote.shippingFen)}</Text></Fact>}
      <View className="checkout-points">
        <View className="checkout-points__text">
          <Text>积分抵扣</Text>
          <Text id="points-hint" className="checkout-points__hint">{pointsHint(offer)}</Text>
        </View>
        <Switch id="use-points" color={THEME.brand} checked={usePoints} disabled={flag(locked || nothingToUse)} onChange={(e) => onTogglePoints(e.detail.value)} />
      </View>
      <Fact label="实付金额" strong><Price id="quote-payable" fen={quote.payableFen} size="m" /></Fact>
    </Section>
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
    <View id={id} className={`pay-option${state}`} onClick={disabled ? undefined : onSelect}>
      <View className="pay-option__info">
        <Text>{title}</Text>
        {note !== null && <Text className="pay-option__note">{note}</Text>}
      </View>
      <View className="pay-option__mark">{selected && <Icon name="check" size={14} />}</View>
    </View>
  );
}

function PayMethodCard({ quote, method, onSelect }: { quote: Quote; method: PayMethod; onSelect: (m: PayMethod) => void }) {
  const balanceShort = quote.walletFen < quote.payableFen;
  const balanceNote = `余额 ${formatFen(quote.walletFen)}${balanceShort ? '（余额不足）' : ''}`;
  return (
    <Section title="支付方式">
      <PayOption id="pay-wxpay" title="微信支付" note={null} selected={method === 'wxpay'} disabled={false} onSelect={() => onSelect('wxpay')} />
      <PayOption id="pay-balance" title="余额支付" note={balanceNote} selected={method === 'balance'} disabled={balanceShort} onSelect={() => onSelect('balance')} />
    </Section>
  );
}

/** The server's quote for the lines, re-asked whenever the points switch is toggled or the mode changes (the fee). */
function useQuote(lines: Lines, mode: Mode | null) {
  const [quoted, setQuoted] = useState<Quoted | null>(null);
  // The switch follows the tap at once and falls back if the server does not confirm the quote.
  const [pointsSwitch, setPointsSwitch] = useState(false);
  const [quoting, setQuoting] = useState(false);
  const [quoteError, setQuoteError] = useState<string | null>(null);
  const [offer, setOffer] = useState<Quote | null>(null);
  const pointsSwitchRef = useRef(false);

  const requestQuote = useCallback(
    async (usePoints: boolean, fallback: boolean) => {
      setPointsSwitch(usePoints);
      setQuoting(true);
      try {
        const quote = await shop('checkout.quote', { lines, usePoints, ...(mode === null ? {} : { fulfilment: { mode } }) });
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
    [lines, mode],
  );

  useEffect(() => {
    if (lines.length === 0 || mode === null) return;
    void requestQuote(pointsSwitchRef.current, false);
    // What points would take off, for the switch's label, before the shopper turns it on.
    shop('checkout.quote', { lines, usePoints: true })
      .then(setOffer)
      .catch(() => setOffer(null));
  }, [lines, mode, requestQuote]);
  pointsSwitchRef.current = pointsSwitch;

  return { quoted, offer, pointsSwitch, quoting, quoteError, requestQuote };
}

/**
 * Delivery or pickup: a shopper with a saved address starts on 快递配送 with it; one without starts
 * on 到店自提 when the store offers it (nothing to type for a first order), else on 快递配送.
 */
function useFulfilment(pickupOffered: boolean | null) {
  const [mode, setMode] = useState<Mode | null>(null);
  const [book, setBook] = useState<Address[]>([]);
  const [address, setAddress] = useState<Address | null>(null);
  useEffect(() => {
    shop('address.list', {})
      .then(({ addresses }) => { setBook(addresses); setAddress(addresses[0] ?? null); setMode(addresses.length > 0 ? 'delivery' : 'pickup'); })
      .catch(() => setMode('delivery'));
  }, []);
  useEffect(() => {
    if (pickupOffered === false && mode === 'pickup') setMode('delivery');
  }, [pickupOffered, mode]);
  const use = (a: Address) => {
    setAddress(a);
    const next = [a, ...book.filter((b) => JSON.stringify(b) !== JSON.stringify(a))].slice(0, 10);
    setBook(next);
    shop('address.save', { addresses: next }).catch(() => undefined); // the order keeps its own copy
  };
  return { mode, setMode, address, use };
}

export default function CheckoutPage() {
  const { params } = useRouter();
  const lines = useMemo(() => linesFrom(params), [params]);
  const [requestId] = useState(newRequestId);
  const [pickupOffered, setPickupOffered] = useState<boolean | null>(null);
  const f = useFulfilment(pickupOffered);
  const [formOpen, setFormOpen] = useState(false);
  const { quoted, offer, pointsSwitch, quoting, quoteError, requestQuote } = useQuote(lines, f.mode);
  useEffect(() => { if (quoted) setPickupOffered(quoted.quote.pickup !== null); }, [quoted]);
  const [chosenMethod, setChosenMethod] = useState<PayMethod>('wxpay');
  const [order, setOrder] = useState<Order | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const askConsent = useConsent(['orderPaid']);

  // Balance only when it covers what the server says is payable now (toggling points changes that).
  const method: PayMethod = chosenMethod === 'balance' && quoted !== null && quoted.quote.walletFen >= quoted.quote.payableFen ? 'balance' : 'wxpay';

  const editAddress = async () => {
    if (process.env.TARO_ENV !== 'weapp') return setFormOpen(true);
    const a = await chooseWeChatAddress();
    if (a) f.use(a);
  };
  // Only membership cards: nothing to deliver, so no address, no pickup and no fee.
  const virtual = quoted?.quote.virtual === true;
  const needsAddress = !virtual && f.mode === 'delivery' && f.address === null;

  const submit = async () => {
    if (busy || quoting || quoted === null || (f.mode === null && !virtual)) return;
    if (needsAddress) return void editAddress();
    setBusy(true);
    // From the tap itself, before anything else waits: WeChat opens the consent dialog only then.
    await askConsent();
    try {
      const fulfilment = f.mode === 'delivery' && f.address !== null ? { mode: 'delivery' as const, address: f.address } : { mode: 'pickup' as const };
      const created = order ?? (await shop('order.create', { requestId, lines, usePoints: quoted.usePoints, ...(virtual ? {} : { fulfilment }) })).order;
      setOrder(created);
      if (params.from === 'cart') removeFromCart(lines.map((l) => lineKey({ productId: l.productId, specId: l.specId ?? null })));
      await payAndShowResult(created, method);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const shownError = error ?? quoteError;
  if (lines.length === 0) {
    const home = () => void Taro.switchTab({ url: '/pages/index/index' });
    return <View className="checkout page"><EmptyState id="checkout-empty" title="没有要结算的商品" picture="cart" action={{ id: 'go-shopping', text: '去逛逛', onClick: home }} /></View>;
  }
  return (
    <View className="checkout page page--with-bar">
      {quoted === null ? (
        <Skeleton variant="list" rows={Math.max(1, lines.length)} />
      ) : (
        <View>
          {virtual && <Section id="checkout-virtual"><Text className="checkout-virtual">会员卡付款后立即生效，无需收货地址</Text></Section>}
          {f.mode !== null && !virtual && (
            <FulfilmentChooser mode={f.mode} onMode={f.setMode} address={f.address} onAddress={() => void editAddress()} pickup={quoted.quote.pickup} rule={quoted.quote.shipping} locked={busy || order !== null} />
          )}
          <QuotedLines quote={quoted.quote} />
          <PriceCard quote={quoted.quote} mode={virtual ? 'pickup' : f.mode ?? 'delivery'} offer={offer} usePoints={pointsSwitch} locked={quoting || busy || order !== null} onTogglePoints={(on) => void requestQuote(on, quoted.usePoints)} />
          <PayMethodCard quote={quoted.quote} method={method} onSelect={setChosenMethod} />
        </View>
      )}
      {shownError !== null && <ErrorBar message={shownError} onRetry={() => void requestQuote(pointsSwitch, false)} />}
      <BottomBar>
        <View className="checkout-bar__total">
          <Text>实付 </Text>
          {quoted !== null && <Price fen={quoted.quote.payableFen} size="m" />}
        </View>
        <Button id="submit-order" type="primary" loading={busy} disabled={busy || quoting || quoted === null || lines.length === 0} onClick={() => void submit()}>
          {needsAddress ? '填写收货地址' : method === 'balance' ? '余额支付' : '提交订单'}
        </Button>
      </BottomBar>
      {formOpen && <AddressForm open initial={f.address} onClose={() => setFormOpen(false)} onSave={(a) => { f.use(a); setFormOpen(false); }} />}
    </View>
  );
}
