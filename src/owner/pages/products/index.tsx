import { Button, Switch, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { admin, errorMessage, shop, type ClientInput } from '../../../api/client';
import { PriceTags } from '../../../components/PriceTags';
import type { Product } from '../../../contracts';
import { flag } from '../../../utils/flag';
import { formatYuanInput, parseYuanToFen } from '../../../utils/money';
import { Field } from '../../components/Field';
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
      <View className="owner-field">
        <Text className="owner-field__label">上架</Text>
        <Switch id="on-sale" checked={draft.onSale} color="#c0392b" onChange={(e) => onChange({ onSale: e.detail.value })} />
      </View>
      {error !== null && <Text id="product-error" className="error">{error}</Text>}
      <View className="owner-product__actions">
        <Button id="cancel-product" size="mini" onClick={onCancel}>取消</Button>
        <Button id="save-product" className="primary-button" size="mini" loading={flag(saving)} disabled={flag(saving)} onClick={onSave}>保存</Button>
      </View>
    </View>
  );
}

export default function OwnerProductsPage() {
  const [products, setProducts] = useState<Product[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ productId: string; draft: Draft } | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const load = useCallback(() => {
    shop('catalog.list', {})
      .then((res) => {
        // The catalogue lists what is on sale; keep products taken off sale in this view listed.
        setProducts((prev) => [...res.products, ...(prev ?? []).filter((p) => !p.onSale && !res.products.some((q) => q._id === p._id))]);
        setLoadError(null);
      })
      .catch((e: unknown) => setLoadError(errorMessage(e)));
  }, []);

  useDidShow(load);

  const edit = (p: Product) => {
    setEditing({ productId: p._id, draft: toDraft(p) });
    setSaveError(null);
  };

  const save = async (p: Product, draft: Draft) => {
    const parsed = parseDraft(p, draft);
    if (!parsed.ok) {
      setSaveError(parsed.message);
      return;
    }
    setSaving(true);
    try {
      const { product } = await admin('product.update', parsed.update);
      setProducts((list) => (list ?? []).map((q) => (q._id === product._id ? product : q)));
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
      <Text className="owner-products__hint muted">会员价、合伙人价不能高于零售价，合伙人价不能高于会员价；留空表示不设。</Text>
      {loadError !== null && <Text className="error">{loadError}</Text>}
      {products === null && loadError === null && <Text className="muted">加载中…</Text>}
      {products?.map((p) => (
        <View key={p._id} id={`owner-product-${p._id}`} className="card">
          <View className="owner-product__head">
            <Text className="owner-product__name">{p.name}</Text>
            {editing?.productId !== p._id && <Button id={`edit-${p._id}`} className="owner-product__edit" size="mini" onClick={() => edit(p)}>编辑</Button>}
          </View>
          <PriceTags product={p} />
          <Text className="owner-product__meta muted">
            {`库存 ${p.stock} · ${p.onSale ? '在售' : '已下架'}${p.pointsPrice === null ? '' : ` · ${p.pointsPrice} 积分可兑`}`}
          </Text>
          {editing?.productId === p._id && (
            <Editor
              draft={editing.draft}
              saving={saving}
              error={saveError}
              onChange={(patch) => setEditing((e) => (e === null ? e : { ...e, draft: { ...e.draft, ...patch } }))}
              onSave={() => void save(p, editing.draft)}
              onCancel={() => setEditing(null)}
            />
          )}
        </View>
      ))}
    </View>
  );
}
