import { Text } from '@tarojs/components';
import { useEffect, useRef, useState } from 'react';
import { formatClock } from '../../utils/format';

export interface CountdownProps {
  id?: string;
  /** The deadline on the server's clock. */
  expiresAtMs: number;
  /** Server clock minus this device's clock, measured when the deadline was fetched. */
  serverOffsetMs?: number;
  /** Called once per deadline when the time left reaches zero. */
  onEnd?: () => void;
}

// The weapp native component (../native/countdown), declared for TSX. A page that renders
// <Countdown> on weapp lists it in its config: usingComponents { countdown: '…/native/countdown/index' }.
declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      countdown: { id?: string; expiresAtMs: number; serverOffsetMs: number; onEnd?: () => void };
    }
  }
}

const SECOND_MS = 1000;

/** H5 has no native components: the same countdown in React, re-rendering only itself. */
function CountdownFallback({ id, expiresAtMs, serverOffsetMs = 0, onEnd }: CountdownProps) {
  const [deviceNowMs, setDeviceNowMs] = useState(() => Date.now());
  const onEndRef = useRef(onEnd);
  onEndRef.current = onEnd;
  const endedFor = useRef<number | null>(null);
  const secondsLeft = Math.ceil((expiresAtMs - (deviceNowMs + serverOffsetMs)) / SECOND_MS);
  const running = expiresAtMs > 0 && secondsLeft > 0;

  useEffect(() => {
    if (running) {
      const timer = setInterval(() => setDeviceNowMs(Date.now()), SECOND_MS);
      return () => clearInterval(timer);
    }
    if (expiresAtMs > 0 && endedFor.current !== expiresAtMs) {
      endedFor.current = expiresAtMs;
      onEndRef.current?.();
    }
    return undefined;
  }, [running, expiresAtMs]);

  const text = expiresAtMs > 0 ? (running ? formatClock(secondsLeft) : '已结束') : '';
  return <Text id={id} className="countdown">{text}</Text>;
}

/** A live `HH:MM:SS` to a deadline (已结束 after it): native on weapp, React on H5. */
export function Countdown({ id, expiresAtMs, serverOffsetMs = 0, onEnd }: CountdownProps) {
  if (process.env.TARO_ENV === 'weapp') {
    // Props spelled out (no spread): Taro reads them from this call to build the native tag's template.
    return <countdown id={id} expiresAtMs={expiresAtMs} serverOffsetMs={serverOffsetMs} onEnd={onEnd} />;
  }
  return <CountdownFallback id={id} expiresAtMs={expiresAtMs} serverOffsetMs={serverOffsetMs} onEnd={onEnd} />;
}
