// Group buying (拼团): the actions of this feature, merged into the shop and admin maps.
// import * as z from 'zod';

/** Shopper / partner actions of this feature (served by the shop function). */
export const groupbuyShopActions = {} as const;

/** Owner actions of this feature (served by the admin function). */
export const groupbuyAdminActions = {} as const;
