import * as z from 'zod';
import { AppError, isAppError, type ActionMap, type ApiResult } from '../../../src/contracts';
import { cloud, CLIENT_SOURCE } from '../adapters/cloud';
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
 * A function entry: parse the event with the action's contract, take identity from the cloud
 * context (never the request), run the handler, and answer with a typed result. A thrown stack
 * never reaches the client: unknown errors become INTERNAL and are logged here.
 */
export function makeRouter<M extends ActionMap>(actions: M, handlers: Handlers<M>, opts: RouterOptions = {}) {
  return async function main(event: unknown): Promise<ApiResult<unknown>> {
    const ev = (event ?? {}) as { action?: unknown; input?: unknown };
    const action = typeof ev.action === 'string' ? ev.action : '';
    if (!Object.prototype.hasOwnProperty.call(actions, action)) return fail('UNKNOWN_ACTION', `未知操作：${action || '(空)'}`);
    const ctx = cloud().getWXContext();
    if (!ctx.OPENID || (ctx.SOURCE && ctx.SOURCE !== CLIENT_SOURCE)) return fail('UNAUTHENTICATED', '请在微信中打开');
    const parsed = actions[action].input.safeParse(ev.input ?? {});
    if (!parsed.success) return fail('INVALID_INPUT', `参数错误：${describeIssues(parsed.error)}`);
    const caller: Caller = { openid: ctx.OPENID, nowMs: nowMs() };
    try {
      if (opts.authorize) await opts.authorize(caller);
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
