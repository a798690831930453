import * as z from 'zod';
import { AppError, isAppError, type ActionMap, type ApiResult } from '../../../src/contracts';
import { cloud } from '../adapters/cloud';
import { userOpenid } from '../platform';
import { nowMs } from '../adapters/clock';
import { isTransactionConflict } from '../adapters/transaction';

export interface Caller {
  openid: string;
  nowMs: number;
}

export type Handlers<M extends ActionMap> = {
  [A in keyof M]: (input: z.output<M[A]['input']>, caller: Caller) => Promise<z.input<M[A]['output']>>;
};

export interface RouterOptions {
  /** Runs before any action, e.g. the owner allow-list check. */
  authorize?: (caller: Caller) => Promise<void>;
}

function fail(code: AppError['code'], message: string): ApiResult<never> {
  return { ok: false, error: { code, message } };
}

function describeIssues(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ');
}

/**
 * A function entry: take identity from the cloud context (never the request) — only a mini
 * program user (or DevTools) with a well-formed OPENID, see platform/context.ts — authorize
 * (e.g. the owner allow-list) before reading the input, parse the event with the action's
 * contract, run the handler, and answer with a typed result. A thrown stack never reaches the
 * client: unknown errors become INTERNAL and are logged here.
 */
export function makeRouter<M extends ActionMap>(actions: M, handlers: Handlers<M>, opts: RouterOptions = {}) {
  return async function main(event: unknown): Promise<ApiResult<unknown>> {
    const openid = userOpenid(cloud().getWXContext());
    if (!openid) return fail('UNAUTHENTICATED', '请在微信中打开');
    const ev = (typeof event === 'object' && event !== null ? event : {}) as { action?: unknown; input?: unknown };
    const action = typeof ev.action === 'string' ? ev.action : '';
    if (!Object.prototype.hasOwnProperty.call(actions, action)) return fail('UNKNOWN_ACTION', `未知操作：${action.slice(0, 40) || '(空)'}`);
    const caller: Caller = { openid, nowMs: nowMs() };
    try {
      if (opts.authorize) await opts.authorize(caller);
      const parsed = actions[action].input.safeParse(ev.input ?? {});
      if (!parsed.success) return fail('INVALID_INPUT', `参数错误：${describeIssues(parsed.error)}`);
      const data = await handlers[action as keyof M](parsed.data as never, caller);
      return { ok: true, data: actions[action].output.parse(data) };
    } catch (e) {
      if (isAppError(e)) return fail(e.code, e.message);
      // Contention left after runTx's own retries; the client retries too. Anything else is a bug to log.
      if (isTransactionConflict(e)) return fail('CONFLICT', '操作繁忙，请重试');
      console.error(`action ${action} failed`, e);
      return fail('INTERNAL', '系统繁忙，请稍后再试');
    }
  };
}
