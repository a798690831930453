export default definePageConfig({ navigationBarTitleText: '异常付款' });
