/**
 * The one chart of the owner's pages: uCharts (@qiun/ucharts, one file, 132 KB, canvas 2d on weapp
 * and H5) on a Taro `<Canvas type="2d">`, in the analytics subpackage only (docs/DECISIONS.md,
 * "Charts"). Values stay integers (fen, counts); the axis and the tooltip format them through
 * utils/format.ts. A tap shows the day's figures.
 */
import { Canvas, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import UCharts from '@qiun/ucharts';
import { useEffect, useRef } from 'react';
import { THEME } from '../../../theme/tokens';
import { niceAxisMax } from './axis';
import './index.scss';

export interface ChartSeries {
  name: string;
  data: number[];
  /** In a bar-and-line chart: bars or a line (a line reads the right axis). */
  kind: 'column' | 'line';
  color: string;
}

export interface ChartProps {
  id: string;
  categories: string[];
  series: ChartSeries[];
  /** Left axis labels and tooltip text for column values, and for line values (right axis). */
  formatColumn: (value: number) => string;
  formatLine?: (value: number) => string;
  heightPx?: number;
}

interface CanvasNode {
  width: number;
  height: number;
  getContext(kind: '2d'): unknown;
}

/** The canvas node, then its size in a second query (H5 gives no size when both are asked at once). */
function queryCanvas(id: string): Promise<{ node: CanvasNode | null; width: number; height: number; left: number; top: number }> {
  return new Promise((resolve) => {
    Taro.createSelectorQuery().select(`#${id}`).fields({ node: true }).exec((res: { node?: CanvasNode }[] | null) => {
      const node = res?.[0]?.node ?? null;
      Taro.createSelectorQuery().select(`#${id}`).boundingClientRect().exec((rect: { width?: number; height?: number; left?: number; top?: number }[] | null) => {
        const r = rect?.[0] ?? {};
        resolve({ node, width: r.width ?? 0, height: r.height ?? 0, left: r.left ?? 0, top: r.top ?? 0 });
      });
    });
  });
}

function pixelRatio(): number {
  try {
    return Taro.getSystemInfoSync().pixelRatio || 2;
  } catch {
    return 2;
  }
}

interface Drawn {
  chart: UCharts;
}

interface Point {
  x?: number;
  y?: number;
  clientX?: number;
  clientY?: number;
}

function draw(node: CanvasNode, width: number, height: number, p: ChartProps): UCharts {
  const pr = pixelRatio();
  node.width = width * pr;
  node.height = height * pr;
  const hasLine = p.series.some((s) => s.kind === 'line');
  const series = p.series.map((s) => ({ name: s.name, data: s.data, type: s.kind, color: s.color, index: s.kind === 'line' ? 1 : 0 }));
  const valuesOf = (kind: ChartSeries['kind']) => p.series.filter((s) => s.kind === kind).flatMap((s) => s.data);
  const axis = (format: (v: number) => string, position: 'left' | 'right') => ({
    position, min: 0, max: niceAxisMax(valuesOf(position === 'left' ? 'column' : 'line')), fontColor: THEME.text3, formatter: (v: number) => format(Math.round(v)),
  });
  return new UCharts({
    type: 'mix', context: node.getContext('2d'), canvas2d: true, width: width * pr, height: height * pr, pixelRatio: pr, categories: p.categories, series,
    animation: false, background: THEME.surface, fontSize: 11, color: p.series.map((s) => s.color), padding: [12, 8, 4, 4], dataLabel: false, dataPointShape: false,
    legend: { show: p.series.length > 1, position: 'top', float: 'left', fontColor: THEME.text2 },
    xAxis: { disableGrid: true, fontColor: THEME.text3, axisLineColor: THEME.border, labelCount: 6 },
    yAxis: { splitNumber: 5, gridType: 'dash', gridColor: THEME.border, data: hasLine ? [axis(p.formatColumn, 'left'), axis(p.formatLine ?? String, 'right')] : [axis(p.formatColumn, 'left')] },
    // A bar-and-line ('mix') chart reads its bars' and lines' options under extra.mix.
    extra: {
      mix: { column: { width: 8, barBorderRadius: [3, 3, 0, 0] }, line: { width: 2 }, area: {} },
      tooltip: { showBox: true, bgColor: THEME.text, fontColor: THEME.surface },
    },
  });
}

export function Chart(props: ChartProps) {
  const drawn = useRef<Drawn | null>(null);
  const key = JSON.stringify([props.categories, props.series]);
  useEffect(() => {
    let alive = true;
    Taro.nextTick(async () => {
      const { node, width, height } = await queryCanvas(props.id);
      if (!alive || node === null || width === 0) return;
      drawn.current = { chart: draw(node, width, height || props.heightPx || 200, props) };
    });
    return () => { alive = false; };
  }, [key]);

  // weapp: a canvas's touches are relative to it. H5: a click's page coordinates, less the canvas's place now.
  const tap = async (e: Point & { changedTouches?: Point[]; touches?: Point[] }) => {
    const d = drawn.current;
    const t = e.changedTouches?.[0] ?? e.touches?.[0] ?? e;
    if (!d) return;
    let at = { x: t.x ?? 0, y: t.y ?? 0 };
    if (t.x === undefined && t.clientX !== undefined) {
      const { left, top } = await queryCanvas(props.id);
      at = { x: t.clientX - left, y: (t.clientY ?? 0) - top };
    }
    d.chart.showToolTip({ changedTouches: [at] }, {
      formatter: (item, category) => `${category} ${item.name} ${props.series.find((s) => s.name === item.name)?.kind === 'line' ? (props.formatLine ?? String)(item.data) : props.formatColumn(item.data)}`,
    });
  };
  const handlers = process.env.TARO_ENV === 'h5' ? { onClick: tap } : { onTouchEnd: tap };

  return (
    <View className="an-chart" style={{ height: `${props.heightPx ?? 200}px` }}>
      <Canvas id={props.id} canvasId={props.id} type="2d" className="an-chart__canvas" {...handlers} />
    </View>
  );
}
