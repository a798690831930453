import { View } from '@tarojs/components';
import type { CSSProperties } from 'react';
import { iconSvg, type IconName } from './iconPaths';

const urls = new Map<IconName, string>();

function urlOf(name: IconName): string {
  let url = urls.get(name);
  if (url === undefined) {
    // An opaque stroke for the mask: only the shape's alpha counts, the colour is the text's.
    url = `url("data:image/svg+xml,${encodeURIComponent(iconSvg(name, 'currentColor'))}")`;
    urls.set(name, url);
  }
  return url;
}

/** A line icon in the current text colour (a CSS mask over a block of that colour). */
export function Icon({ name, size = 20, className }: { name: IconName; size?: number; className?: string }) {
  const mask = `${urlOf(name)} center / contain no-repeat`;
  // React on H5 wants WebkitMask; Taro's weapp style writer turns '-webkitMask' into -webkit-mask.
  const prefixed = process.env.TARO_ENV === 'h5' ? { WebkitMask: mask } : { '-webkitMask': mask };
  const style = { width: `${size}px`, height: `${size}px`, backgroundColor: 'currentColor', mask, ...prefixed } as CSSProperties;
  return <View className={`ui-icon${className ? ` ${className}` : ''}`} style={style} />;
}
