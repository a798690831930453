/**
 * The theme's values that code needs as literals (app.config.ts's tab bar, Taro's Switch colour,
 * canvases). The same values as src/theme/tokens.scss: test/domain/theme.test.ts keeps them equal.
 */
export const THEME = {
  brand: '#e4393c',
  text: '#1a1a1a',
  text3: '#999999',
  surface: '#ffffff',
  border: '#eeeeee',
  // Chart series (the owner's trends): sales in the brand colour, then these.
  gold: '#b5691a',
  info: '#1989fa',
  success: '#07c160',
  brandLight: '#fdeeee',
  text2: '#666666',
  bg: '#f5f5f5',
} as const;

/** The SCSS variable each THEME entry mirrors (for the test). */
export const THEME_SCSS_NAMES: Record<keyof typeof THEME, string> = {
  brand: 'brand-value',
  text: 'text-value',
  text3: 'text-3-value',
  surface: 'surface-value',
  border: 'border-value',
  gold: 'gold-value',
  info: 'info-value',
  success: 'success-value',
  brandLight: 'brand-light-value',
  text2: 'text-2-value',
  bg: 'bg-value',
};
