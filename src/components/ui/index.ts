// The design system's components (styles in ui.scss, values in src/theme/tokens.scss). NutUI
// React supplies Button and Empty; icons, controls and the rest are small and ours
// (docs/DECISIONS.md, design system).
import './ui.scss';

export { Price, StruckPrice } from './Price';
export { EmptyState, ErrorBar, ErrorState, Loadable, Skeleton, type StateAction } from './States';
export { OfferPrice, OfferTag, ProductCard, ProductPicture, ProductRow, isSoldOut, offerText } from './Product';
export { DetailBlocks, Gallery } from './Gallery';
export { Check, Stepper } from './Controls';
export { Icon } from './Icon';
export type { IconName } from './iconPaths';
export { Avatar, Badge, BottomBar, Entry, Fact, Section, Sheet, Stat, Tabs, type TabItem } from './Layout';
