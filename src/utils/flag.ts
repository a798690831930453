/**
 * For boolean props of Taro components (disabled, loading): Taro's H5 build writes
 * `disabled="false"` for false, and its CSS styles any [disabled] button as disabled.
 * Omitting the prop works on both platforms.
 */
export function flag(on: boolean): true | undefined {
  return on ? true : undefined;
}
