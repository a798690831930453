import { Button } from '@nutui/nutui-react-taro';
import { Switch, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { admin, errorMessage, type ClientInput } from '../../../api/client';
import { Badge, Loadable, ProductPicture, Section, Skeleton } from '../../../components/ui';
import type { Product } from '../../../contracts';
import { useQuery } from '../../../hooks/useQuery';
import { THEME } from '../../../theme/tokens';
import { formatFen, formatYuanInput, parseYuanToFen } from '../../../utils/format';
import { Field, FieldRow } from '../../components/Field';
import './index.scss';

type ProductUpdate = ClientInput<'admin', 'product.update'>;

/** The editor's text fields; parsed only on save. Empty member/partner price or points price = none. */
interface Draft {
  list: string;
  member: string;
  partner: string;
  points: string;
  stock: string;
  onSale: boolean;
}

const yuanOrEmpty = (fen: number | null) => (fen === null ? '' : formatYuanInput(fen));

function toDraft(p: Product): Draft {
  return {
    list: formatYuanInput(p.listPriceFen),
    member: yuanOrEmpty(p.memberPriceFen),
    partner: yuanOrEmpty(p.partnerPriceFen),
    points: p.pointsPrice === null ? '' : `${p.pointsPrice}`,
    stock: `${p.stock}`,
    onSale: p.onSale,
  };
}

/** Empty → null (no such price); malformed → undefined (say so). */
function optionalYuan(text: string): number | null | undefined {
  if (text.trim() === '') return null;
  return parseYuanToFen(text) ?? undefined;
}

const parseCount = (text: string): number | null => (/^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : null);

type Parsed = { ok: true; update: ProductUpdate } | { ok: false; message: string };

/**
 * Pure: the form's text as an update. Only the format is checked here; whether the prices keep
 * member ≤ list and partner ≤ member is the server's call, and its message is shown as it is.
 */
function parseDraft(p: Product, d: Draft): Parsed {
  const list = parseYuanToFen(d.list);
  if (list === null) return { ok: false, message: '请填写零售价，如 298 或 298.00' };
  const member = optionalYuan(d.member);
  if (member === undefined) return { ok: false, message: '会员价格式不正确' };
  const partner = optionalYuan(d.partner);
  if (partner === undefined) return { ok: false, message: '合伙人价格式不正确' };
  const points = d.points.trim() === '' ? null : parseCount(d.points);
  if (d.points.trim() !== '' && (points === null || points <= 0)) return { ok: false, message: '积分兑换价须为正整数，留空表示不可兑换' };
  const stock = parseCount(d.stock);
  if (stock === null) return { ok: false, message: '库存须为非负整数' };
  return {
    ok: true,
    update: {
      productId: p._id, listPriceFen: list, memberPriceFen: member, partnerPriceFen: partner,
      grantsStage: p.grantsStage, grantsDays: p.grantsDays, pointsPrice: points, stock, onSale: d.onSale,
    },
  };
}

interface EditorProps {
  draft: Draft;
  saving: boolean;
  error: string | null;
  onChange: (patch: Partial<Draft>) => void;
  onSave: () => void;
  onCancel: () => void;
}

function Editor({ draft, saving, error, onChange, onSave, onCancel }: EditorProps) {
  return (
    <View className="owner-product__editor">
      <Field id="price-list" label="零售价" unit="元" type="digit" value={draft.list} onInput={(list) => onChange({ list })} />
      <Field id="price-member" label="会员价" unit="元" type="digit" placeholder="不设会员价" value={draft.member} onInput={(member) => onChange({ member })} />
      <Field id="price-partner" label="合伙人价" unit="元" type="digit" placeholder="不设合伙人价" value={draft.partner} onInput={(partner) => onChange({ partner })} />
      <Field id="points-price" label="积分兑换价" unit="积分" type="number" placeholder="不可兑换" value={draft.points} onInput={(points) => onChange({ points })} />
      <Field id="stock" label="库存" unit="件" type="number" value={draft.stock} onInput={(stock) => onChange({ stock })} />
      <FieldRow label="上架">
        <Switch id="on-sale" checked={draft.onSale} color={THEME.brand} onChange={(e) => onChange({ onSale: e.detail.value })} />
      </FieldRow>
      {error !== null && <Text id="product-error" className="owner-error">{error}</Text>}
      <View className="owner-actions">
        <Button id="cancel-product" size="small" onClick={onCancel}>取消</Button>
        <Button id="save-product" type="primary" size="small" loading={saving} disabled={saving} onClick={onSave}>保存</Button>
      </View>
    </View>
  );
}

/** The price ladder as the owner set it (the partner price included: this is the owner's view). */
function Prices({ p }: { p: Product }) {
  return (
    <View className="owner-product__prices">
      <Text className="owner-product__list">{`零售 ${formatFen(p.listPriceFen)}`}</Text>
      {p.memberPriceFen !== null && <Text className="owner-product__member">{`会员价 ${formatFen(p.memberPriceFen)}`}</Text>}
      {p.partnerPriceFen !== null && <Text className="owner-product__partner">{`合伙人价 ${formatFen(p.partnerPriceFen)}`}</Text>}
    </View>
  );
}

export default function OwnerProductsPage() {
  const q = useQuery(async () => (await admin('product.list', {})).products);
  const [editing, setEditing] = useState<{ productId: string; draft: Draft } | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async (list: Product[], p: Product, draft: Draft) => {
    const parsed = parseDraft(p, draft);
    if (!parsed.ok) {
      setSaveError(parsed.message);
      return;
    }
    setSaving(true);
    try {
      const { product } = await admin('product.update', parsed.update);
      q.set(list.map((x) => (x._id === product._id ? product : x)));
      setEditing(null);
      void Taro.showToast({ title: '已保存', icon: 'success' });
    } catch (e) {
      setSaveError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <View className="owner-products page">
      <Text className="owner-hint">会员价、合伙人价不能高于零售价，合伙人价不能高于会员价；留空表示不设。</Text>
      <Loadable query={q} skeleton={<Skeleton variant="list" rows={4} />}>
        {(products) => products.map((p) => (
          <Section key={p._id} id={`owner-product-${p._id}`}>
            <View className="owner-product__head">
              <ProductPicture product={p} size="small" />
              <View className="owner-product__info">
                <View className="owner-card-head">
                  <Text className="owner-card-title">{p.name}</Text>
                  <Badge text={p.onSale ? '在售' : '已下架'} tone={p.onSale ? 'success' : 'grey'} />
                </View>
                <Prices p={p} />
                <Text className="owner-meta">{`库存 ${p.stock}${p.pointsPrice === null ? '' : ` · ${p.pointsPrice} 积分可兑`}`}</Text>
              </View>
            </View>
            {editing?.productId !== p._id && (
              <View className="owner-actions">
                <Button id={`edit-${p._id}`} size="small" onClick={() => { setEditing({ productId: p._id, draft: toDraft(p) }); setSaveError(null); }}>编辑价格与库存</Button>
              </View>
            )}
            {editing?.productId === p._id && (
              <Editor
                draft={editing.draft}
                saving={saving}
                error={saveError}
                onChange={(patch) => setEditing((e) => (e === null ? e : { ...e, draft: { ...e.draft, ...patch } }))}
                onSave={() => void save(products, p, editing.draft)}
                onCancel={() => setEditing(null)}
              />
            )}
          </Section>
        ))}
      </Loadable>
    </View>
  );
}
