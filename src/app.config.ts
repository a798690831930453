import { THEME } from './theme/tokens';

export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/category/index',
    'pages/cart/index',
    'pages/me/index',
    'pages/orders/index',
    'pages/product/index',
    'pages/checkout/index',
    'pages/pay-result/index',
    'pages/order/index',
    'pages/member/index',
    'pages/points/index',
    'pages/wallet/index',
    'pages/profile/index',
    'pages/after-sale/index',
  ],
  // wx.chooseAddress (checkout's 快递配送) must be declared, or the call fails on current WeChat.
  requiredPrivateInfos: ['chooseAddress'],
  // The owner console is its own package: shoppers never download it. It carries the charts
  // (uCharts, ~132 KB) of the dashboard and the figures pages (docs/DECISIONS.md, "Charts").
  subPackages: [
    {
      root: 'owner',
      pages: [
        'pages/dashboard/index', 'pages/orders/index', 'pages/tiers/index', 'pages/products/index', 'pages/wallet-refund/index',
        'pages/groupbuy/index', 'pages/groupbuy-groups/index',
        'pages/commission/index', 'pages/withdrawals/index',
        'pages/customers/index', 'pages/anomalies/index', 'pages/product-edit/index', 'pages/categories/index',
        'pages/earnings/index', 'pages/funnel/index', 'pages/repeat/index', 'pages/lists/index', 'pages/grades/index', 'pages/settings/index',
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
    navigationBarBackgroundColor: THEME.surface,
    // Pages set their own titles; the home page shows the store's name (store.get).
    navigationBarTitleText: '',
    navigationBarTextStyle: 'black',
    backgroundColor: THEME.surface,
  },
  // Icons are local files drawn by scripts/draw-assets.ts (weapp allows no remote tab icons).
  tabBar: {
    color: THEME.text3,
    selectedColor: THEME.brand,
    backgroundColor: THEME.surface,
    borderStyle: 'white',
    list: [
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-active.png' },
      { pagePath: 'pages/category/index', text: '分类', iconPath: 'assets/tab/category.png', selectedIconPath: 'assets/tab/category-active.png' },
      { pagePath: 'pages/cart/index', text: '购物车', iconPath: 'assets/tab/cart.png', selectedIconPath: 'assets/tab/cart-active.png' },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tab/me.png', selectedIconPath: 'assets/tab/me-active.png' },
    ],
  },
});
