import { Text } from '@tarojs/components';
import { formatFen, splitFen } from '../../utils/format';

interface PriceProps {
  fen: number;
  id?: string;
  /** l: the page's main price; m: a card's price; s: inline amounts. */
  size?: 'l' | 'm' | 's';
  /** brand (what the shopper pays, the default) or plain text colour. */
  tone?: 'brand' | 'text';
}

/** A price as Chinese shops show it: a small ¥, large yuan, small cents, in the store's red. */
export function Price({ fen, id, size = 'm', tone = 'brand' }: PriceProps) {
  const { sign, yuan, cents } = splitFen(fen);
  return (
    <Text id={id} className={`ui-price ui-price--${size} ui-price--${tone}`}>
      {sign}
      <Text className="ui-price__symbol">¥</Text>
      <Text className="ui-price__yuan">{yuan}</Text>
      <Text className="ui-price__cents">{`.${cents}`}</Text>
    </Text>
  );
}

/** The list price a shopper does not pay, struck through. */
export function StruckPrice({ fen, id }: { fen: number; id?: string }) {
  return <Text id={id} className="ui-price-struck">{formatFen(fen)}</Text>;
}
