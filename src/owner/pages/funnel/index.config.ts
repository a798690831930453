export default definePageConfig({ navigationBarTitleText: '客户阶梯' });
