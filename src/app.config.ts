export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/orders/index',
    'pages/me/index',
    'pages/product/index',
    'pages/checkout/index',
    'pages/order/index',
    'pages/member/index',
    'pages/points/index',
    'pages/wallet/index',
  ],
  // The owner console is its own package: shoppers never download it.
  subPackages: [
    {
      root: 'owner',
      pages: ['pages/dashboard/index', 'pages/orders/index', 'pages/tiers/index', 'pages/products/index', 'pages/wallet-refund/index'],
    },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '会员商城',
    navigationBarTextStyle: 'black',
  },
  tabBar: {
    color: '#666666',
    selectedColor: '#c0392b',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页' },
      { pagePath: 'pages/orders/index', text: '订单' },
      { pagePath: 'pages/me/index', text: '我的' },
    ],
  },
});
