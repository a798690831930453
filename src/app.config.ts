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
      pages: [
        'pages/dashboard/index', 'pages/orders/index', 'pages/tiers/index', 'pages/products/index', 'pages/wallet-refund/index',
        'pages/groupbuy/index', 'pages/groupbuy-groups/index',
        'pages/commission/index', 'pages/withdrawals/index',
        'pages/customers/index',
      ],
    },
    // Partners (合伙人): code, poster, team, earnings, withdrawal; downloaded only when opened.
    {
      root: 'partner',
      pages: ['pages/center/index', 'pages/share/index', 'pages/team/index', 'pages/earnings/index', 'pages/withdraw/index'],
    },
    // Group buying (拼团): its own package, so the main package stays small; shares land here.
    {
      root: 'groupbuy',
      pages: ['pages/campaigns/index', 'pages/campaign/index', 'pages/group/index', 'pages/mine/index'],
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
