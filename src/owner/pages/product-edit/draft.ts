/**
 * The product editor's text and its parsing, kept pure. Yuan become fen without floating point;
 * stock is never an absolute number: an existing size sends what to add or take away (units
 * sold while the form was open stay sold), a new size its first stock. Whether prices keep
 * privilege, pictures are the owner's own and the payout cap holds is the server's call, and its
 * message is shown as it is.
 */
import type { DetailBlock, Product, ProductDraft, SpecDraft } from '../../../contracts';
import { formatYuanInput, parseYuanToFen } from '../../../utils/format';

export interface SpecText {
  /** null: a size the owner just added. */
  specId: string | null;
  name: string;
  list: string;
  member: string;
  partner: string;
  /** 佣金基数; empty = the list price. */
  base: string;
  /** Units left when the form opened (existing sizes), for the owner to read. */
  stockSeen: number | null;
  /** Existing size: +N / -N to add or take away; new size: its first stock. */
  stock: string;
}

export interface Draft {
  name: string;
  subtitle: string;
  categoryId: string | null;
  pictures: string[];
  detail: DetailBlock[];
  onSale: boolean;
  points: string;
  grantsStage: Product['grantsStage'];
  grantsDays: string;
  specs: SpecText[];
}

const yuanOrEmpty = (fen: number | null) => (fen === null ? '' : formatYuanInput(fen));

export function newSpec(name = ''): SpecText {
  return { specId: null, name, list: '', member: '', partner: '', base: '', stockSeen: null, stock: '0' };
}

export function emptyDraft(): Draft {
  return { name: '', subtitle: '', categoryId: null, pictures: [], detail: [], onSale: true, points: '', grantsStage: null, grantsDays: '', specs: [newSpec('默认')] };
}

export function toDraft(p: Product): Draft {
  return {
    name: p.name, subtitle: p.subtitle, categoryId: p.categoryId, pictures: [...p.pictures], detail: [...p.detail], onSale: p.onSale,
    points: p.pointsPrice === null ? '' : `${p.pointsPrice}`, grantsStage: p.grantsStage, grantsDays: p.grantsDays === null ? '' : `${p.grantsDays}`,
    specs: p.specs.map((s) => ({
      specId: s._id, name: s.name, list: formatYuanInput(s.listPriceFen), member: yuanOrEmpty(s.memberPriceFen), partner: yuanOrEmpty(s.partnerPriceFen),
      base: yuanOrEmpty(s.commissionBaseFen), stockSeen: s.stock, stock: '',
    })),
  };
}

export type Parsed = { ok: true; product: ProductDraft } | { ok: false; message: string };
type Step<T> = { ok: true; value: T } | { ok: false; message: string };

/** Empty → null (no such price); malformed → a message naming the field. */
function optionalYuan(text: string, what: string): Step<number | null> {
  if (text.trim() === '') return { ok: true, value: null };
  const fen = parseYuanToFen(text);
  return fen === null ? { ok: false, message: `${what}格式不正确，如 118 或 118.00` } : { ok: true, value: fen };
}

/** '+50', '-3', '50' → signed units; '' → 0. */
export function parseStockDelta(text: string): number | null {
  const t = text.trim();
  if (t === '') return 0;
  return /^[+-]?\d{1,7}$/.test(t) ? Number(t) : null;
}

function parseSpec(s: SpecText, many: boolean): Step<SpecDraft> {
  const label = many ? `「${s.name.trim() || '未命名规格'}」` : '';
  if (s.name.trim() === '') return { ok: false, message: '请填写规格名称，如 L 码' };
  const list = parseYuanToFen(s.list);
  if (list === null) return { ok: false, message: `${label}请填写零售价，如 128 或 128.00` };
  const member = optionalYuan(s.member, `${label}会员价`);
  if (!member.ok) return member;
  const partner = optionalYuan(s.partner, `${label}合伙人价`);
  if (!partner.ok) return partner;
  const base = optionalYuan(s.base, `${label}佣金基数`);
  if (!base.ok) return base;
  const delta = parseStockDelta(s.stock);
  if (delta === null) return { ok: false, message: `${label}库存${s.specId === null ? '须为整数' : '调整请填写 +数量 或 -数量'}` };
  return { ok: true, value: { specId: s.specId, name: s.name.trim(), listPriceFen: list, memberPriceFen: member.value, partnerPriceFen: partner.value, commissionBaseFen: base.value, stockDelta: delta } };
}

/** Pure: the form's text as what product.create / product.update take. */
export function parseDraft(d: Draft): Parsed {
  if (d.name.trim() === '') return { ok: false, message: '请填写商品名称' };
  if (d.specs.length === 0) return { ok: false, message: '至少要有一个规格' };
  const points = d.points.trim() === '' ? null : /^\d{1,9}$/.test(d.points.trim()) && Number(d.points) > 0 ? Number(d.points) : undefined;
  if (points === undefined) return { ok: false, message: '积分兑换价须为正整数，留空表示不可兑换' };
  const days = d.grantsDays.trim() === '' ? null : /^\d{1,4}$/.test(d.grantsDays.trim()) && Number(d.grantsDays) > 0 ? Number(d.grantsDays) : undefined;
  if (days === undefined) return { ok: false, message: '有效天数须为正整数' };
  const specs: SpecDraft[] = [];
  for (const s of d.specs) {
    const parsed = parseSpec(s, d.specs.length > 1);
    if (!parsed.ok) return parsed;
    specs.push(parsed.value);
  }
  return {
    ok: true,
    product: {
      name: d.name.trim(), subtitle: d.subtitle.trim(), categoryId: d.categoryId, pictures: d.pictures, detail: d.detail as ProductDraft['detail'],
      onSale: d.onSale, pointsPrice: points, grantsStage: d.grantsStage, grantsDays: d.grantsStage === 'member' ? days : null, specs,
    },
  };
}

/** Moves item `i` by `by` places (−1 up, +1 down), or returns the list as it is at an edge. */
export function moved<T>(list: readonly T[], i: number, by: -1 | 1): T[] {
  const j = i + by;
  if (j < 0 || j >= list.length) return [...list];
  const out = [...list];
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}
