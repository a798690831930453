/**
 * The range every figure page shares: 今天 · 近7天 · 近30天 · 自定义 (two date pickers). Day
 * numbers are the store's UTC+8 days, as the analytics actions take them.
 */
import { Picker, Text, View } from '@tarojs/components';
import { Tabs } from '../../../components/ui';
import { formatDayNo, parseDateTime, storeDayNo } from '../../../utils/format';
import './index.scss';

export type RangeKey = 'today' | 'd7' | 'd30' | 'custom';
export interface DayRange {
  fromDay: number;
  toDay: number;
}

const TABS: readonly { key: RangeKey; label: string }[] = [
  { key: 'today', label: '今天' },
  { key: 'd7', label: '近7天' },
  { key: 'd30', label: '近30天' },
  { key: 'custom', label: '自定义' },
];

export function todayDay(): number {
  return storeDayNo(Date.now());
}

/** The range a preset names, ending today. */
export function presetRange(key: Exclude<RangeKey, 'custom'>, today = todayDay()): DayRange {
  const days = key === 'today' ? 1 : key === 'd7' ? 7 : 30;
  return { fromDay: today - days + 1, toDay: today };
}

const dayOfText = (text: string): number | null => {
  const ms = parseDateTime(text);
  return ms === null ? null : storeDayNo(ms);
};

export function RangeBar({ active, range, onChange }: { active: RangeKey; range: DayRange; onChange: (key: RangeKey, range: DayRange) => void }) {
  const today = todayDay();
  const pick = (key: RangeKey) => onChange(key, key === 'custom' ? range : presetRange(key, today));
  const setFrom = (text: string) => {
    const d = dayOfText(text);
    if (d !== null) onChange('custom', { fromDay: d, toDay: Math.max(d, Math.min(range.toDay, d + 365)) });
  };
  const setTo = (text: string) => {
    const d = dayOfText(text);
    if (d !== null) onChange('custom', { fromDay: Math.max(Math.min(range.fromDay, d), d - 365), toDay: d });
  };
  return (
    <View className="an-range">
      <Tabs items={TABS} active={active} onChange={pick} idPrefix="range" />
      {active === 'custom' && (
        <View className="an-range__custom">
          <Picker mode="date" value={formatDayNo(range.fromDay)} end={formatDayNo(today)} onChange={(e) => setFrom(String(e.detail.value))}>
            <Text id="range-from" className="an-range__date">{formatDayNo(range.fromDay)}</Text>
          </Picker>
          <Text className="an-range__to">至</Text>
          <Picker mode="date" value={formatDayNo(range.toDay)} end={formatDayNo(today)} onChange={(e) => setTo(String(e.detail.value))}>
            <Text id="range-to" className="an-range__date">{formatDayNo(range.toDay)}</Text>
          </Picker>
        </View>
      )}
    </View>
  );
}
