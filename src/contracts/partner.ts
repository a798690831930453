// Partners: referral codes, the referral tree, commission and withdrawals: the actions of this feature, merged into the shop and admin maps.
// import * as z from 'zod';

/** Shopper / partner actions of this feature (served by the shop function). */
export const partnerShopActions = {} as const;

/** Owner actions of this feature (served by the admin function). */
export const partnerAdminActions = {} as const;
