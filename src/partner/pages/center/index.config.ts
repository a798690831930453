export default definePageConfig({ navigationBarTitleText: '合伙人中心' });
