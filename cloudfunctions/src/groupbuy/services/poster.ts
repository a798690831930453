import { AppError } from '../../../../src/contracts';
import { db, miniProgramCode } from '../../adapters/cloud';
import { getSettings } from '../../store/services/settings';
import { hashInput } from '../../shared/ids';
import { isDuplicate } from '../../members/services/session';
import { getOrNull } from '../../shared/tx';
import { GROUPS } from './docs';

/** Scene tokens: a mini program code's scene holds at most 32 characters, a group id and a code do not fit. */
export const SCENES = 'groupbuy_scenes';
export const GROUP_PAGE = 'groupbuy/pages/group/index';

interface SceneDoc {
  _id: string;
  groupId: string;
  code: string | null;
  createdAtMs: number;
}

/** The token is derived from (group, sharer's code): asking again returns the same scene. */
function tokenFor(groupId: string, code: string | null): string {
  return hashInput(['groupbuy-scene', groupId, code ?? '']).slice(0, 16);
}

export function sceneOf(token: string): string {
  return `g=${token}`;
}

async function rememberScene(doc: SceneDoc): Promise<void> {
  try {
    await db().collection(SCENES).add({ data: doc as unknown as Record<string, unknown> });
  } catch (e) {
    if (!isDuplicate(e)) throw e;
  }
}

/** A poster of a group carrying the sharer's referral code (when they have one). */
export async function groupPoster(openid: string, groupId: string, nowMs: number): Promise<{ scene: string; page: string; dataUrl: string }> {
  if (!(await getOrNull(GROUPS, groupId))) throw new AppError('NOT_FOUND', '拼团不存在');
  const sharer = await getOrNull<{ referralCode?: unknown }>('users', openid);
  const code = typeof sharer?.referralCode === 'string' ? sharer.referralCode : null;
  const token = tokenFor(groupId, code);
  await rememberScene({ _id: token, groupId, code, createdAtMs: nowMs });
  const scene = sceneOf(token);
  let png: { contentType: string; buffer: Buffer };
  try {
    png = await miniProgramCode({ scene, page: GROUP_PAGE, envVersion: (await getSettings()).miniProgramEnvVersion });
  } catch (e) {
    console.error('wxacode.getUnlimited failed', e);
    throw new AppError('INTERNAL', '小程序码生成失败，请稍后再试');
  }
  return { scene, page: GROUP_PAGE, dataUrl: `data:${png.contentType};base64,${Buffer.from(png.buffer).toString('base64')}` };
}

/** What a scanned group poster names: the group and the sharer's code. */
export async function resolveScene(scene: string): Promise<{ groupId: string; code: string | null }> {
  let decoded = scene;
  try {
    decoded = decodeURIComponent(scene);
  } catch {
    // A malformed escape is just an unknown scene.
  }
  const m = /^g=([0-9a-f]{16})$/.exec(decoded);
  const doc = m ? await getOrNull<SceneDoc>(SCENES, m[1]) : null;
  if (!doc) throw new AppError('NOT_FOUND', '二维码已失效');
  return { groupId: doc.groupId, code: doc.code };
}
