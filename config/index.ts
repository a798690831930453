import path from 'path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import type { Input } from 'postcss';
import devConfig from './dev';
import prodConfig from './prod';

// weapp and H5 write to different folders so the two builds never overwrite each other.
const outputRoot = process.env.TARO_ENV === 'h5' ? 'dist-h5' : 'dist';

/**
 * NutUI's styles are written for a 375 px wide design, ours for 750: pxtransform asks per file.
 * Taro 4 passes a number, a string or a postcss Input (whose `file` is the stylesheet's path).
 */
function designWidth(input?: string | number | Input): number {
  const file = typeof input === 'object' && input !== null ? input.file ?? '' : '';
  return file.replace(/\\/g, '/').includes('/@nutui/') ? 375 : 750;
}

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'member-store',
    date: '2025-11-23',
    designWidth,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot,
    // No @tarojs/plugin-html: none of the NutUI components we use renders HTML tags, and it costs
    // the main package 7 KB (measured; docs/DECISIONS.md, design system).
    plugins: [],
    defineConstants: {},
    // The theme's variables and mixins in every SCSS file (it emits no CSS by itself).
    sass: { resource: [path.resolve(__dirname, '..', 'src', 'theme', 'tokens.scss')] },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      // Page styles load in no fixed order across chunks; ours never rely on it.
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        // H5 pages are async chunks and Taro only splits initial ones, so zod and the contracts
        // were copied into every page (~100 KB each); split shared async code too.
        chain.optimization.merge({ splitChunks: { chunks: 'all' } });
      },
    },
  };

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});
