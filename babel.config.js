// babel-preset-taro options: https://docs.taro.zone/docs/next/babel-config
// NutUI is imported per component with its own CSS (dist/es/packages/<lowercase name>, style at
// <dir>/style/css): only what a package uses lands in it. See docs/DECISIONS.md (design system).
module.exports = {
  presets: [
    [
      'taro',
      {
        framework: 'react',
        ts: true,
        compiler: 'webpack5',
      },
    ],
  ],
  plugins: [
    [
      'import',
      {
        libraryName: '@nutui/nutui-react-taro',
        customName: (name) => `@nutui/nutui-react-taro/dist/es/packages/${name.replace(/-/g, '').toLowerCase()}`,
        style: (path) => `${path}/style/css`,
        camel2DashComponentName: false,
      },
      'nutui-react-taro',
    ],
  ],
};
