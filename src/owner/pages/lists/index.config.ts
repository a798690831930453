export default definePageConfig({ navigationBarTitleText: '顾客名单' });
