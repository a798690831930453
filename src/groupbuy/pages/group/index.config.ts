export default definePageConfig({
  navigationBarTitleText: '拼团',
  enableShareAppMessage: true,
  enableShareTimeline: true,
  // The countdown is a native component: it ticks without a setData through the React tree.
  usingComponents: { countdown: '../../../components/native/countdown/index' },
});
