/**
 * Shims that let miniprogram-simulate (j-component in jsdom) render a page Taro built into
 * `dist/`. Taro's output expects the mini program globals (wx, App, Page, getApp,
 * getCurrentPages, requirePlugin); we provide just enough of them. See /work/shared/TOOLCHAIN.md.
 *
 * Usage: installWeapp({ callFunction }) once per test file, then loadPage('pages/index/index')
 * once per page, then renderPage(id) per test.
 */
import * as fs from 'fs';
import * as path from 'path';

/**
 * The slice of miniprogram-simulate we use, typed here: importing its own typings would pull in
 * miniprogram-api-typings, whose global `require`/`wx`/`Page` declarations leak into every file
 * of the root tsconfig (it broke `require.main` in scripts/).
 */
export interface RenderedPage {
  readonly dom: HTMLElement | undefined;
  querySelector(selector: string): RenderedPage | undefined;
  attach(parent: Node): void;
}
interface Simulate {
  load(componentPath: string, options: { compiler: 'official' | 'simulate'; rootPath: string }): string;
  render(id: string): RenderedPage;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = require('miniprogram-simulate') as Simulate;

export const DIST = path.resolve(__dirname, '../../dist');

/** What the test answers to `wx.cloud.callFunction`; `result` is the function's ApiResult. */
export type CallFunction = (params: { name: string; data: { action: string; input: unknown } }) => Promise<{ result: unknown }>;

type Fn = (...args: unknown[]) => unknown;
type PageOptions = Record<string, unknown> & { onLoad?: Fn; onShow?: Fn; onReady?: Fn };
type AppOptions = Record<string, unknown> & { onLaunch?: Fn; onShow?: Fn };

const g = globalThis as unknown as Record<string, unknown>;

/** Resolves like wx's promise-style APIs and calls success/complete as callback-style ones do. */
function succeed(result: Record<string, unknown> = {}): Fn {
  return (...args: unknown[]) => {
    const opts = (args[0] ?? {}) as { success?: Fn; complete?: Fn };
    const res = { errMsg: 'ok', ...result };
    opts.success?.(res);
    opts.complete?.(res);
    return Promise.resolve(res);
  };
}

function stubWx(callFunction: CallFunction, cloudInits: unknown[]): Record<string, unknown> {
  return {
    // Taro's chunks push themselves onto wx.webpackJsonp; the real runtime provides the array.
    webpackJsonp: [],
    cloud: { init: (config: unknown) => void cloudInits.push(config), callFunction, DYNAMIC_CURRENT_ENV: Symbol('DYNAMIC_CURRENT_ENV') },
    getSystemInfoSync: () => ({ platform: 'devtools', windowWidth: 375, windowHeight: 667, pixelRatio: 2 }),
    navigateTo: succeed(),
    redirectTo: succeed(),
    switchTab: succeed(),
    showToast: succeed(),
    showModal: succeed({ confirm: true, cancel: false }),
    requestPayment: succeed(),
  };
}

/** A Taro `Page(options)` becomes a j-component whose `attached` runs the page lifecycle. */
function pageAsComponent(options: PageOptions, pages: unknown[], query: () => Record<string, string>): Record<string, unknown> {
  const methods: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (typeof value === 'function') methods[key] = value;
  }
  return {
    data: options.data ?? {},
    methods,
    lifetimes: {
      attached(this: PageOptions) {
        pages.push(this);
        this.onLoad?.call(this, query());
        this.onShow?.call(this);
        this.onReady?.call(this);
      },
    },
  };
}

export interface Weapp {
  /** Route query (e.g. `{ id: 'o1' }`) passed to the onLoad of pages rendered from now on. */
  query: Record<string, string>;
  /** Arguments of every wx.cloud.init call (the app should make exactly one, at launch). */
  cloudInits: unknown[];
}

/** Installs the globals and boots `dist/app.js` (App → onLaunch). Call once per test file. */
export function installWeapp(callFunction: CallFunction): Weapp {
  const appJs = path.join(DIST, 'app.js');
  if (!fs.existsSync(appJs)) {
    throw new Error(`${appJs} is missing: run \`npm run build:weapp\` before the weapp tests.`);
  }
  const weapp: Weapp = { query: {}, cloudInits: [] };
  const pages: unknown[] = [];
  let app: AppOptions = {};
  // miniprogram-simulate installed its own partial `wx` on import; ours goes on top.
  g.wx = Object.assign((g.wx as object | undefined) ?? {}, stubWx(callFunction, weapp.cloudInits));
  g.App = (options: AppOptions) => {
    app = options;
  };
  g.getApp = () => app;
  g.getCurrentPages = () => pages;
  g.requirePlugin = () => ({});
  const component = g.Component as (options: Record<string, unknown>) => void;
  g.Page = (options: PageOptions) => component(pageAsComponent(options, pages, () => weapp.query));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(appJs);
  app.onLaunch?.call(app, { path: 'pages/index/index', query: {}, scene: 1001 });
  app.onShow?.call(app, { path: 'pages/index/index', query: {}, scene: 1001 });
  return weapp;
}

/** Registers a built page (e.g. 'pages/index/index') with the official wcc compiler. */
export function loadPage(pagePath: string): string {
  return simulate.load(path.join(DIST, pagePath), { compiler: 'official', rootPath: DIST });
}

/** Renders and attaches a loaded page; its lifecycle then runs asynchronously. */
export function renderPage(id: string): RenderedPage {
  const page = simulate.render(id);
  page.attach(document.createElement('parent-wrapper'));
  return page;
}

/** Polls until `predicate` holds; rendering takes ~150 ms, so never sleep a fixed time. */
export async function waitFor(predicate: () => boolean, describe: () => string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function textOf(page: RenderedPage): string {
  return page.dom?.textContent ?? '';
}
