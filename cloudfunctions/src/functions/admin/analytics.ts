import type { analyticsAdminActions } from '../../../../src/contracts';
import type { Handlers } from '../router';
import { dashboard, earnings, funnel, grades, lists, repeat, setGrade } from '../../analytics/services/owner';

/** Handlers of the owner's analytics actions (the admin function has checked the owner allow-list). */
export const analyticsAdminHandlers: Handlers<typeof analyticsAdminActions> = {
  'analytics.dashboard': async (_input, caller) => ({ dashboard: await dashboard(caller.nowMs) }),
  'analytics.earnings': async (range, caller) => earnings(range, caller.nowMs),
  'analytics.funnel': async (range, caller) => funnel(range, caller.nowMs),
  'analytics.repeat': async (range, caller) => repeat(range, caller.nowMs),
  'analytics.grades': async (input, caller) => grades(input, caller.nowMs),
  'analytics.lists': async ({ list, period }, caller) => lists(list, period, caller.nowMs),
  'analytics.grade.set': async ({ requestId, openid, grade }, caller) => setGrade(caller.openid, requestId, openid, grade, caller.nowMs),
};
