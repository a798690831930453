/** @jest-environment jsdom */
// The native countdown component (src/components/native/countdown) in miniprogram-simulate, with
// jest's fake clock standing in for time: it ticks once a second, ends at 已结束 with exactly one
// `end` event, follows the server's clock, and leaves no timer behind once detached.
import * as path from 'path';
import type { RenderedPage } from './simulate';

/** The slice of miniprogram-simulate this file uses (see simulate.ts for why not its typings). */
interface CountdownNode extends RenderedPage {
  detach(): void;
  setData(data: Record<string, unknown>): void;
  addEventListener(name: string, handler: (e: { detail: unknown }) => void): void;
}
interface Simulate {
  load(componentPath: string): string;
  render(id: string, properties?: Record<string, unknown>): CountdownNode;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = require('miniprogram-simulate') as Simulate;

const COMPONENT = path.resolve(__dirname, '../../src/components/native/countdown/index');
const T0 = Date.UTC(2026, 0, 1, 4, 0, 0);
const HOUR_MS = 3600 * 1000;

// The default (simulate) compiler for this native component; never the official one on this path.
let countdownId = '';
beforeAll(() => {
  countdownId = simulate.load(COMPONENT);
});

beforeEach(() => {
  jest.useFakeTimers({ now: T0 });
});

afterEach(() => {
  jest.clearAllTimers();
  jest.useRealTimers();
});

interface Mounted {
  node: CountdownNode;
  ends: unknown[];
  text(): string;
}

/** Renders and attaches a countdown, recording its `end` events from before it is attached. */
function mount(properties: { expiresAtMs: number; serverOffsetMs?: number }): Mounted {
  const node = simulate.render(countdownId, properties);
  const ends: unknown[] = [];
  node.addEventListener('end', (e) => ends.push(e.detail));
  node.attach(document.createElement('parent-wrapper'));
  return { node, ends, text: () => (node.dom?.textContent ?? '').trim() };
}

test('ticks once a second down to 已结束 and fires end exactly once', () => {
  const c = mount({ expiresAtMs: T0 + 3000 });
  const seen = [c.text()];
  for (let second = 1; second <= 5; second++) {
    jest.advanceTimersByTime(1000);
    seen.push(c.text());
  }
  expect(seen).toEqual(['00:00:03', '00:00:02', '00:00:01', '已结束', '已结束', '已结束']);
  expect(c.ends).toEqual([{ expiresAtMs: T0 + 3000 }]);
  // Once ended it stops ticking on its own.
  expect(jest.getTimerCount()).toBe(0);
  c.node.detach();
});

test('does not end before the deadline, however the second is split', () => {
  const c = mount({ expiresAtMs: T0 + 2500 });
  expect(c.text()).toBe('00:00:03');
  jest.advanceTimersByTime(2000);
  expect(c.text()).toBe('00:00:01');
  expect(c.ends).toEqual([]);
  jest.advanceTimersByTime(1000);
  expect(c.text()).toBe('已结束');
  expect(c.ends).toHaveLength(1);
  c.node.detach();
});

test('counts against the server clock and shows hours past a day', () => {
  // The server is an hour ahead of the phone: 26 h left by the server, not 27.
  const c = mount({ expiresAtMs: T0 + HOUR_MS + 26 * HOUR_MS, serverOffsetMs: HOUR_MS });
  expect(c.text()).toBe('26:00:00');
  jest.advanceTimersByTime(61_000);
  expect(c.text()).toBe('25:58:59');
  c.node.detach();
});

test('a deadline already past shows 已结束 at once and still ends once', () => {
  const c = mount({ expiresAtMs: T0 - 5000 });
  expect(c.text()).toBe('已结束');
  jest.advanceTimersByTime(10_000);
  expect(c.ends).toHaveLength(1);
  expect(jest.getTimerCount()).toBe(0);
  c.node.detach();
});

test('detaching clears its timer: no tick and no end afterwards', () => {
  const c = mount({ expiresAtMs: T0 + 60_000 });
  expect(jest.getTimerCount()).toBe(1);
  jest.advanceTimersByTime(1000);
  expect(c.text()).toBe('00:00:59');
  c.node.detach();
  expect(jest.getTimerCount()).toBe(0);
  jest.advanceTimersByTime(120_000);
  expect(c.text()).toBe('00:00:59');
  expect(c.ends).toEqual([]);
});

test('a new deadline restarts it with one timer, and ends once for that deadline', () => {
  const c = mount({ expiresAtMs: T0 + 1000 });
  jest.advanceTimersByTime(1000);
  expect(c.ends).toHaveLength(1);
  c.node.setData({ expiresAtMs: T0 + 1000 + 2000 });
  expect(c.text()).toBe('00:00:02');
  expect(jest.getTimerCount()).toBe(1);
  jest.advanceTimersByTime(5000);
  expect(c.text()).toBe('已结束');
  expect(c.ends).toEqual([{ expiresAtMs: T0 + 1000 }, { expiresAtMs: T0 + 3000 }]);
  c.node.detach();
});

test('a page refresh after the end (same deadline, new clock offset) does not end it again', () => {
  const c = mount({ expiresAtMs: T0 + 1000 });
  jest.advanceTimersByTime(1000);
  c.node.setData({ serverOffsetMs: 250 });
  c.node.setData({ expiresAtMs: T0 + 1000, serverOffsetMs: 500 });
  jest.advanceTimersByTime(3000);
  expect(c.text()).toBe('已结束');
  expect(c.ends).toHaveLength(1);
  c.node.detach();
});
