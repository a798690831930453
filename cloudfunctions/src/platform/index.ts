// The platform contract: every WeChat / WeChat Pay / CloudBase value the functions and the local
// runtime use, each with the page it comes from (pages.ts). Pure data and pure helpers: no SDK,
// no Taro, no I/O, so cloud functions, the local runtime and tests import the same module.
export * from './pages';
export * from './context';
export * from './cloudPay';
export * from './callbacks';
export * from './openapi';
export * from './shipping';
export * from './functions';
export * from './database';
