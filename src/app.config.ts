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
