// Which pictures an owner may attach (to a product, its detail, a category): only files the owner
// uploaded (uploads/<ownerOpenid>/…) or the store's own (store/…), in this store's environment
// (contracts/media.ts pictureSourceProblem; docs/DECISIONS.md, "Pictures").
import { pictureSourceProblem } from '../../../../src/contracts';
import { getSettings } from '../../store/services/settings';

/** The first problem among these fileIDs, as the owner reads it, or null. */
export async function attachProblem(fileIds: readonly string[], ownerOpenid: string): Promise<string | null> {
  if (fileIds.length === 0) return null;
  const { envId } = await getSettings();
  for (const fileId of fileIds) {
    const problem = pictureSourceProblem(fileId, ownerOpenid, envId);
    if (problem) return `图片不可用：${problem}`;
  }
  return null;
}
