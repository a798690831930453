// @qiun/ucharts 2.5.0 ships no types: the part of its surface the owner's charts use.
declare module '@qiun/ucharts' {
  interface UChartsTouch {
    x: number;
    y: number;
  }
  export interface UChartsOptions {
    type: 'column' | 'line' | 'area' | 'mix' | 'pie' | 'ring' | 'funnel';
    context: unknown;
    canvas2d?: boolean;
    width: number;
    height: number;
    pixelRatio: number;
    categories?: string[];
    series: { name: string; data: number[]; type?: string; color?: string; index?: number; formatter?: (value: number) => string }[];
    [key: string]: unknown;
  }
  export default class UCharts {
    constructor(opts: UChartsOptions);
    showToolTip(e: { changedTouches: UChartsTouch[] }, option?: { formatter?: (item: { name: string; data: number }, category: string, index: number) => string }): void;
    updateData(data: Partial<UChartsOptions>): void;
  }
}
