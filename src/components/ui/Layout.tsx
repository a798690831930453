// Layout pieces every page shares: sections, list entries, tabs, the fixed bottom bar, avatars.
import { Image, Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { pictureUrl } from '../../utils/picture';

/** A white card with a title and an optional link on the right (查看全部 ›). */
export function Section({ id, title, extra, onExtra, children, flush }: { id?: string; title?: string; extra?: string; onExtra?: () => void; children: ReactNode; flush?: boolean }) {
  return (
    <View id={id} className={`ui-section${flush ? ' ui-section--flush' : ''}`}>
      {title !== undefined && (
        <View className="ui-section__head">
          <Text className="ui-section__title">{title}</Text>
          {extra !== undefined && <Text className="ui-section__extra" onClick={onExtra}>{`${extra} ›`}</Text>}
        </View>
      )}
      {children}
    </View>
  );
}

interface EntryProps {
  id: string;
  title: string;
  value?: string;
  icon?: ReactNode;
  onClick?: () => void;
}

/** One tappable row of a list: icon, title, value, arrow. */
export function Entry({ id, title, value, icon, onClick }: EntryProps) {
  return (
    <View id={id} className="ui-entry" onClick={onClick}>
      {icon !== undefined && <View className="ui-entry__icon">{icon}</View>}
      <Text className="ui-entry__title">{title}</Text>
      {value !== undefined && <Text className="ui-entry__value">{value}</Text>}
      {onClick !== undefined && <Text className="ui-entry__arrow">›</Text>}
    </View>
  );
}

/** A label and a value on one line (price breakdowns, order facts). */
export function Fact({ label, children, strong }: { label: string; children: ReactNode; strong?: boolean }) {
  return (
    <View className={`ui-fact${strong ? ' ui-fact--strong' : ''}`}>
      <Text className="ui-fact__label">{label}</Text>
      <View className="ui-fact__value">{children}</View>
    </View>
  );
}

export interface TabItem<K extends string> {
  key: K;
  label: string;
  count?: number | null;
}

/** Segment tabs with an underline; ids are `${idPrefix}-${key}` so tests and deep links can name them. */
export function Tabs<K extends string>({ items, active, onChange, idPrefix, sticky }: { items: readonly TabItem<K>[]; active: K; onChange: (k: K) => void; idPrefix: string; sticky?: boolean }) {
  return (
    <View className={`ui-tabs${sticky ? ' ui-tabs--sticky' : ''}`}>
      {items.map((t) => (
        <View key={t.key} id={`${idPrefix}-${t.key}`} className={`ui-tabs__tab${t.key === active ? ' ui-tabs__tab--active' : ''}`} onClick={() => onChange(t.key)}>
          <Text className="ui-tabs__label">{t.label}</Text>
          {t.count !== undefined && <Text className="ui-tabs__count">{t.count === null ? '-' : `${t.count}`}</Text>}
        </View>
      ))}
    </View>
  );
}

/** A bar fixed to the bottom of the page (pay, buy, checkout); the page keeps room with .page--with-bar. */
export function BottomBar({ children }: { children: ReactNode }) {
  return <View className="ui-bottom-bar">{children}</View>;
}

/**
 * A person or a store: their picture (`picture`, a stored fileID; or `url`), or the first
 * character of the name on the brand colour.
 */
export function Avatar({ name, url, picture, size = 'm' }: { name: string; url?: string | null; picture?: string | null; size?: 's' | 'm' | 'l' }) {
  const src = url || pictureUrl(picture);
  if (src) return <Image className={`ui-avatar ui-avatar--${size}`} src={src} mode="aspectFill" />;
  return (
    <View className={`ui-avatar ui-avatar--${size} ui-avatar--initial`}>
      <Text>{Array.from(name.trim())[0] ?? '?'}</Text>
    </View>
  );
}

/** A figure with its label under it (balances, dashboard numbers). */
export function Stat({ id, value, label, tone, onClick }: { id?: string; value: string; label: string; tone?: 'brand' | 'danger'; onClick?: () => void }) {
  return (
    <View className="ui-stat" onClick={onClick}>
      <Text id={id} className={`ui-stat__value${tone ? ` ui-stat__value--${tone}` : ''}`}>{value}</Text>
      <Text className="ui-stat__label">{label}</Text>
    </View>
  );
}

/** A small coloured label (stage, status). */
export function Badge({ id, text, tone = 'brand' }: { id?: string; text: string; tone?: 'brand' | 'gold' | 'grey' | 'success' | 'warning' }) {
  return <Text id={id} className={`ui-badge ui-badge--${tone}`}>{text}</Text>;
}

/**
 * A sheet that slides up from the bottom over a dimmed page (specs, choices). Tapping the mask
 * closes it; the content scrolls, the footer (the confirm button) stays.
 */
export function Sheet({ id, open, title, onClose, children, footer }: { id?: string; open: boolean; title?: string; onClose: () => void; children: ReactNode; footer?: ReactNode }) {
  if (!open) return null;
  return (
    <View id={id} className="ui-sheet">
      <View className="ui-sheet__mask" onClick={onClose} />
      <View className="ui-sheet__panel">
        <View className="ui-sheet__head">
          {title !== undefined && <Text className="ui-sheet__title">{title}</Text>}
          <Text id={id === undefined ? undefined : `${id}-close`} className="ui-sheet__close" onClick={onClose}>×</Text>
        </View>
        <View className="ui-sheet__body">{children}</View>
        {footer !== undefined && <View className="ui-sheet__footer">{footer}</View>}
      </View>
    </View>
  );
}
