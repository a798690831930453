// Every state of a page designed once: skeletons while loading, an illustration and a next step
// when empty, a message and 重试 on errors, and a thin bar when a reload failed over shown data.
import { Button, Empty } from '@nutui/nutui-react-taro';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ReactNode } from 'react';
import type { Query } from '../../hooks/useQuery';
import { Icon } from './Icon';

// An icon on a soft disc, drawn in CSS: NutUI's default pictures are on a CDN (no good offline,
// and weapp allows no remote assets), and picture files cost the main package ~10 KB each.
const PICTURES = {
  cart: <Icon name="cart" size={44} />,
  error: <Icon name="warning" size={44} />,
  goods: <Icon name="store" size={44} />,
  network: <Icon name="offline" size={44} />,
  orders: <Icon name="order" size={44} />,
  team: <Icon name="userAdd" size={44} />,
} as const;
export type StatePicture = keyof typeof PICTURES;

/** Grey blocks shaped like what is coming; the shine is a CSS animation (no timers, no setData). */
export function Skeleton({ variant = 'list', rows = 3 }: { variant?: 'grid' | 'list' | 'detail' | 'card'; rows?: number }) {
  const items = Array.from({ length: rows }, (_, i) => i);
  return (
    <View className={`ui-skeleton ui-skeleton--${variant}`} id="skeleton">
      {variant === 'detail' && <View className="ui-skeleton__block ui-skeleton__hero" />}
      {items.map((i) => (
        <View key={i} className="ui-skeleton__item">
          {variant !== 'card' && <View className="ui-skeleton__block ui-skeleton__thumb" />}
          <View className="ui-skeleton__lines">
            <View className="ui-skeleton__block ui-skeleton__line" />
            <View className="ui-skeleton__block ui-skeleton__line ui-skeleton__line--short" />
          </View>
        </View>
      ))}
    </View>
  );
}

export interface StateAction {
  id: string;
  text: string;
  onClick: () => void;
}

interface EmptyStateProps {
  id?: string;
  title: string;
  description?: string;
  picture?: StatePicture;
  action?: StateAction;
  /** A smaller version inside a card. */
  compact?: boolean;
}

/** An illustration, what is (not) here, and the next step (去逛逛). */
export function EmptyState({ id, title, description, picture = 'goods', action, compact = false }: EmptyStateProps) {
  return (
    <View id={id} className={`ui-empty${compact ? ' ui-empty--compact' : ''}`}>
      <Empty
        image={<View className="ui-empty__disc">{PICTURES[picture]}</View>}
        imageSize={compact ? 90 : 130}
        title={<Text className="ui-empty__title">{title}</Text>}
        description={description ?? ''}
        size={compact ? 'small' : 'base'}
      >
        {action !== undefined && (
          <Button id={action.id} className="ui-empty__action" type="primary" size="small" onClick={action.onClick}>
            {action.text}
          </Button>
        )}
      </Empty>
    </View>
  );
}

/** A failure in the shopper's words and 重试. */
export function ErrorState({ message, onRetry, compact }: { message: string; onRetry: () => void; compact?: boolean }) {
  const offline = /网络/.test(message);
  return (
    <EmptyState
      id="error-state"
      title={offline ? '网络不太好' : '加载失败'}
      description={message}
      picture={offline ? 'network' : 'error'}
      action={{ id: 'retry', text: '重试', onClick: onRetry }}
      compact={compact}
    />
  );
}

/** Shown above data that is still on screen when reloading it failed. */
export function ErrorBar({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <View id="error-bar" className="ui-error-bar" onClick={onRetry}>
      <Text className="ui-error-bar__text">{message}</Text>
      <Text id="retry-bar" className="ui-error-bar__retry">重试</Text>
    </View>
  );
}

/** Someone who is not the owner opened a console page (the admin function refused them). */
function Forbidden() {
  const home = () => void Taro.switchTab({ url: '/pages/index/index' });
  return <EmptyState id="forbidden" title="仅店主可以打开这里" description="店主后台只对店铺的店主开放" picture="error" action={{ id: 'go-home', text: '返回首页', onClick: home }} />;
}

interface LoadableProps<T> {
  query: Query<T>;
  skeleton: ReactNode;
  /** When the data is there but there is nothing to show. */
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}

/** One page state machine: skeleton → (error + 重试 | empty + next step | the data). */
export function Loadable<T>({ query, skeleton, isEmpty, empty, children }: LoadableProps<T>) {
  const { data, error, errorCode, reload } = query;
  if (data === null && errorCode === 'FORBIDDEN') return <Forbidden />;
  if (data === null) return <>{error !== null ? <ErrorState message={error} onRetry={() => void reload()} /> : skeleton}</>;
  return (
    <>
      {error !== null && <ErrorBar message={error} onRetry={() => void reload()} />}
      {isEmpty?.(data) ? empty : children(data)}
    </>
  );
}
