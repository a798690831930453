import fs from 'fs';
import http from 'http';
import path from 'path';
import type { AddressInfo } from 'net';
import type { LocalRuntime } from '../runtime/runtime';
import type { DemoIdentity } from '../seed/demo';
import { CLIENT_CALLABLE, SOURCE } from '../../cloudfunctions/src/platform';
import { handleFileRequest, type FileRoutes } from './files';

export interface GatewayOptions {
  runtime: LocalRuntime;
  /** The H5 build to serve; null serves only the API. */
  staticDir: string | null;
  identities: DemoIdentity[];
  port?: number;
}

export interface Gateway {
  url: string;
  close(): Promise<void>;
}

const CLIENT_FUNCTIONS = new Set<string>(CLIENT_CALLABLE);
const COOKIE = 'dev_openid';
const MAX_BODY_BYTES = 1 << 20;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
};

interface Reply {
  status?: number;
  json?: unknown;
  cookie?: string;
}

type Handler = (req: http.IncomingMessage, body: unknown, openid: string) => Promise<Reply>;

function readCookie(req: http.IncomingMessage): string {
  const raw = req.headers.cookie ?? '';
  const hit = raw.split(';').map((s) => s.trim()).find((s) => s.startsWith(`${COOKIE}=`));
  return hit ? decodeURIComponent(hit.slice(COOKIE.length + 1)) : '';
}

async function readBody(req: http.IncomingMessage): Promise<unknown> {
  if (req.method !== 'POST') return {};
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error('body too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw Object.assign(new Error('body is not JSON'), { status: 400 });
  }
}

function apiRoutes(opts: GatewayOptions): Record<string, Handler> {
  const rt = opts.runtime;
  const known = new Set(opts.identities.map((i) => i.openid));
  return {
    'GET /api/dev/identities': async () => ({ json: { identities: opts.identities } }),
    'GET /api/dev/whoami': async (_req, _b, openid) => ({ json: { openid: openid || null } }),
    'POST /api/dev/login': async (_req, body) => {
      const openid = String((body as { openid?: unknown }).openid ?? '');
      if (!known.has(openid)) return { status: 400, json: { ok: false, message: '未知身份' } };
      return { json: { ok: true, openid }, cookie: `${COOKIE}=${encodeURIComponent(openid)}; Path=/; SameSite=Lax; HttpOnly` };
    },
    'POST /api/dev/logout': async () => ({ json: { ok: true }, cookie: `${COOKIE}=; Path=/; Max-Age=0` }),
    'GET /api/dev/outbox': async () => ({ json: { messages: rt.outbox() } }),
    // WeChat's phone sheet (手机号快速验证) for the H5 demo: a code for the signed-in identity's demo number.
    'POST /api/dev/phone-code': async (_req, _body, openid) => {
      if (!known.has(openid)) return { status: 401, json: { ok: false, message: '请先选择身份' } };
      const index = opts.identities.findIndex((i) => i.openid === openid);
      return { json: { ok: true, code: rt.issuePhoneCode(openid, `1380013${String(8000 + index)}`) } };
    },
    'POST /api/dev/cron': async () => ({ json: await rt.runCron() }),
    'POST /api/dev/clock': async (_req, body) => {
      const ms = Number((body as { advanceMs?: unknown }).advanceMs);
      if (!Number.isSafeInteger(ms) || ms < 0) return { status: 400, json: { ok: false, message: 'advanceMs must be a non-negative integer' } };
      rt.advanceClock(ms);
      return { json: { ok: true, clockOffsetMs: rt.clockOffsetMs } };
    },
    // The simulated cashier: the signed-in shopper confirms a payment they were asked for.
    'POST /api/cashier/pay': async (_req, body, openid) => {
      const pkg = String((body as { package?: unknown }).package ?? '');
      const order = rt.cashier.find({ prepayId: pkg.replace(/^prepay_id=/, '') });
      if (!order) return { status: 404, json: { ok: false, message: '支付单不存在' } };
      if (order.openid !== openid) return { status: 403, json: { ok: false, message: '不是你的支付单' } };
      const ack = await rt.pay(order.outTradeNo);
      return { json: { ok: true, ack } };
    },
  };
}

async function callFunction(rt: LocalRuntime, name: string, body: unknown, openid: string): Promise<Reply> {
  if (!CLIENT_FUNCTIONS.has(name)) return { status: 404, json: { ok: false, error: { code: 'UNKNOWN_ACTION', message: `no client function ${name}` } } };
  const { result } = await rt.invoke(name, body, { openid, source: SOURCE.client });
  return { json: result };
}

function serveStatic(dir: string, urlPath: string, res: http.ServerResponse): void {
  const clean = path.normalize(decodeURIComponent(urlPath)).replace(/^(\.\.[/\\])+/, '');
  let file = path.join(dir, clean);
  if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(dir, 'index.html');
  if (!fs.existsSync(file)) {
    res.writeHead(404).end('H5 build missing: run npm run build:h5');
    return;
  }
  res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
  fs.createReadStream(file).pipe(res);
}

export function startGateway(opts: GatewayOptions): Promise<Gateway> {
  const routes = apiRoutes(opts);
  const staticDir = opts.staticDir ? path.resolve(opts.staticDir) : null;
  const files: FileRoutes = { runtime: opts.runtime, knownOpenids: new Set(opts.identities.map((i) => i.openid)) };
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, json: unknown, cookie?: string) => {
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
      if (cookie) headers['set-cookie'] = cookie;
      res.writeHead(status, headers).end(JSON.stringify(json));
    };
    try {
      if (await handleFileRequest(req, res, url, files, readCookie(req))) return;
      if (!url.pathname.startsWith('/api/')) {
        if (staticDir) serveStatic(staticDir, url.pathname, res);
        else res.writeHead(404).end();
        return;
      }
      const body = await readBody(req);
      const openid = readCookie(req);
      const fnMatch = /^\/api\/fn\/([A-Za-z]+)$/.exec(url.pathname);
      const out = fnMatch && req.method === 'POST'
        ? await callFunction(opts.runtime, fnMatch[1], body, openid)
        : await routes[`${req.method} ${url.pathname}`]?.(req, body, openid);
      if (!out) return send(404, { ok: false, message: 'not found' });
      send(out.status ?? 200, out.json, out.cookie);
    } catch (e) {
      const status = (e as { status?: number }).status ?? 500;
      if (status === 500) console.error('gateway error', e);
      send(status, { ok: false, error: { code: 'INTERNAL', message: e instanceof Error ? e.message : 'error' } });
    }
  });
  return new Promise((resolve) => {
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      opts.runtime.storage.setBaseUrl(`http://127.0.0.1:${port}`);
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) });
    });
  });
}
