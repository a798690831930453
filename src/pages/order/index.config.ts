export default definePageConfig({
  navigationBarTitleText: '订单详情',
  // The payment countdown is the native component on weapp (no setData through React each second).
  usingComponents: { countdown: '../../components/native/countdown/index' },
});
