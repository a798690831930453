/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.gif';
declare module '*.jpg';
declare module '*.jpeg';
declare module '*.svg';
declare module '*.css';
declare module '*.scss';
declare module '*.sass';

// This file is in the root tsconfig, which also type-checks the cloud functions and the local
// gateway, so the env vars stay optional rather than pretending they are always set.
declare namespace NodeJS {
  interface ProcessEnv {
    /** The platform being built; webpack's DefinePlugin inlines it, so dead branches drop out. */
    TARO_ENV?: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn';
    TARO_APP_ID?: string;
  }
}
