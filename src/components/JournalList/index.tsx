import { Text, View } from '@tarojs/components';
import type { JournalLine } from '../../contracts';
import { formatDateTime } from '../../utils/format';
import { EmptyState } from '../ui';
import './index.scss';

interface Props {
  /** Row ids become `${idPrefix}-${line._id}`. */
  idPrefix: string;
  lines: readonly JournalLine[];
  label: (kind: string) => string;
  /** Signed amount as shown, e.g. '+99' or '-¥12.00'. */
  formatAmount: (amount: number) => string;
  emptyText: string;
}

/** A balance history (points or wallet), newest first, as the server's journal recorded it. */
export function JournalList({ idPrefix, lines, label, formatAmount, emptyText }: Props) {
  if (lines.length === 0) return <EmptyState id={`${idPrefix}-empty`} title={emptyText} picture="orders" compact />;
  const newestFirst = [...lines].sort((a, b) => b.createdAtMs - a.createdAtMs);
  return (
    <View className="journal-list">
      {newestFirst.map((line) => (
        <View key={line._id} id={`${idPrefix}-${line._id}`} className="journal-list__row">
          <View className="journal-list__info">
            <Text className="journal-list__kind">{label(line.kind)}</Text>
            <Text className="journal-list__time">{formatDateTime(line.createdAtMs)}</Text>
          </View>
          <Text className={`journal-list__amount journal-list__amount--${line.amount < 0 ? 'out' : 'in'}`}>{formatAmount(line.amount)}</Text>
        </View>
      ))}
    </View>
  );
}
