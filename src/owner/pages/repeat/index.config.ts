export default definePageConfig({ navigationBarTitleText: '复购' });
