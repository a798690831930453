import type { z } from 'zod';
export * from './errors';
export * from './model';
export * from './shop';
export * from './admin';
export * from './catalog';
export * from './groupbuy';
export * from './partner';
export * from './retry';
export * from './storage';
export * from './media';
export * from './storefront';
export * from './payments';
export * from './messages';
export * from './analytics';
export * from './settings';
export * from './fulfilment';
export * from './fulfilmentActions';

/** An action map: every action names a zod schema for its input and its output. */
export type ActionMap = Record<string, { input: z.ZodTypeAny; output: z.ZodTypeAny }>;
export type InputOf<M extends ActionMap, A extends keyof M> = z.input<M[A]['input']>;
export type OutputOf<M extends ActionMap, A extends keyof M> = z.output<M[A]['output']>;

/** The event a client sends to a router function. */
export interface ActionEvent {
  action: string;
  input?: unknown;
}

/** Function names the mini program may call. */
export const CLIENT_FUNCTIONS = ['shop', 'admin'] as const;
export type ClientFunction = (typeof CLIENT_FUNCTIONS)[number];
