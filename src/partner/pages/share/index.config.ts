// The share hooks (useShareAppMessage / useShareTimeline) only work when the page enables them.
export default definePageConfig({ navigationBarTitleText: '推广', enableShareAppMessage: true, enableShareTimeline: true });
