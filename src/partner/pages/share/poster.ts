import type { PosterTarget } from '../../../contracts';

/** H5: the full link a browser opens (the H5 router is in hash mode). */
export function h5LinkFor(sharePath: string): string {
  if (typeof window === 'undefined') return sharePath;
  const { origin, pathname } = window.location;
  return `${origin}${pathname}#${sharePath}`;
}

/** Pure: the poster's target from the page's query (`?kind=product&id=…`), the store otherwise. */
export function targetFromQuery(params: Partial<Record<string, string>>): PosterTarget {
  const id = params.id ?? '';
  if (params.kind === 'product' && id !== '') return { kind: 'product', productId: id };
  if (params.kind === 'campaign' && id !== '') return { kind: 'campaign', campaignId: id };
  return { kind: 'store' };
}

/** The download's file name. */
export function posterFileName(target: PosterTarget, code: string): string {
  const what = target.kind === 'product' ? target.productId : target.kind === 'campaign' ? target.campaignId : 'store';
  return `poster-${what}-${code}.png`;
}
