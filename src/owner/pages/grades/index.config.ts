export default definePageConfig({ navigationBarTitleText: '新客质量' });
