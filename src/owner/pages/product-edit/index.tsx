import { Button } from '@nutui/nutui-react-taro';
import { Image, Switch, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { admin, errorMessage } from '../../../api/client';
import { uploadPicture } from '../../../api/upload';
import { BottomBar, Loadable, Section, Skeleton } from '../../../components/ui';
import { PRODUCT_PICTURES_MAX, type Category, type DetailBlock, type Product } from '../../../contracts';
import { useQuery } from '../../../hooks/useQuery';
import { THEME } from '../../../theme/tokens';
import { pictureUrl } from '../../../utils/picture';
import { newRequestId } from '../../../utils/requestId';
import { Field, FieldRow } from '../../components/Field';
import { emptyDraft, moved, newSpec, parseDraft, toDraft, type Draft, type SpecText } from './draft';
import '../../owner.scss';
import './index.scss';

interface Loaded {
  product: Product | null;
  categories: Category[];
}

async function load(productId: string | undefined): Promise<Loaded> {
  const [{ categories }, products] = await Promise.all([admin('category.list', {}), productId ? admin('product.list', {}) : Promise.resolve(null)]);
  const product = products?.products.find((p) => p._id === productId) ?? null;
  if (productId && product === null) throw new Error('商品不存在或已被删除');
  return { product, categories };
}

/** One picture, then ask the owner (the upload may be refused: size, type, sign-in). */
async function pick(): Promise<string | null> {
  try {
    return await uploadPicture();
  } catch (e) {
    void Taro.showToast({ title: errorMessage(e), icon: 'none' });
    return null;
  }
}

type Change = (patch: Partial<Draft>) => void;

function Basics({ draft, categories, onChange }: { draft: Draft; categories: Category[]; onChange: Change }) {
  const chips = [{ _id: null as string | null, name: '未分类' }, ...categories];
  return (
    <Section title="基本信息">
      <Field id="product-name" label="商品名称" maxlength={40} value={draft.name} onInput={(name) => onChange({ name })} />
      <Field id="product-subtitle" label="卖点" placeholder="一句话卖点（可不填）" maxlength={60} value={draft.subtitle} onInput={(subtitle) => onChange({ subtitle })} />
      <FieldRow label="分类">
        <View className="pe-chips">
          {chips.map((c) => (
            <Text key={c._id ?? 'none'} id={`pe-category-${c._id ?? 'none'}`} className={`pe-chip${draft.categoryId === c._id ? ' pe-chip--on' : ''}`} onClick={() => onChange({ categoryId: c._id })}>{c.name}</Text>
          ))}
        </View>
      </FieldRow>
      <FieldRow label="上架销售">
        <Switch id="on-sale" checked={draft.onSale} color={THEME.brand} onChange={(e) => onChange({ onSale: e.detail.value })} />
      </FieldRow>
      <Field id="points-price" label="积分兑换价" unit="积分" type="number" placeholder="不可兑换" value={draft.points} onInput={(points) => onChange({ points })} />
      {draft.grantsStage === 'member' && <Field id="grants-days" label="会员有效天数" unit="天" type="number" value={draft.grantsDays} onInput={(grantsDays) => onChange({ grantsDays })} />}
    </Section>
  );
}

function Pictures({ pictures, onChange }: { pictures: string[]; onChange: (pictures: string[]) => void }) {
  const add = async () => {
    const fileId = await pick();
    if (fileId !== null) onChange([...pictures, fileId]);
  };
  return (
    <Section title={`商品图片（${pictures.length}/${PRODUCT_PICTURES_MAX}）`}>
      <Text className="owner-hint">第一张是封面；可从相册或相机上传。</Text>
      <View className="pe-pictures">
        {pictures.map((p, i) => (
          <View key={p} id={`pe-picture-${i}`} className="pe-picture">
            <Image className="pe-picture__img" src={pictureUrl(p)} mode="aspectFill" />
            {i === 0 ? <Text className="pe-picture__cover">封面</Text> : <Text id={`pe-picture-cover-${i}`} className="pe-picture__action" onClick={() => onChange([p, ...pictures.filter((x) => x !== p)])}>设为封面</Text>}
            <Text id={`pe-picture-remove-${i}`} className="pe-picture__remove" onClick={() => onChange(pictures.filter((x) => x !== p))}>×</Text>
          </View>
        ))}
        {pictures.length < PRODUCT_PICTURES_MAX && <View id="pe-picture-add" className="pe-picture pe-picture--add" onClick={() => void add()}><Text>+ 上传</Text></View>}
      </View>
    </Section>
  );
}

function SpecCard({ spec, index, many, onChange, onRemove }: { spec: SpecText; index: number; many: boolean; onChange: (patch: Partial<SpecText>) => void; onRemove: () => void }) {
  return (
    <View id={`pe-spec-${index}`} className="pe-spec">
      <View className="owner-card-head">
        <Text className="pe-spec__title">{spec.specId === null ? '新规格' : `规格 ${index + 1}`}</Text>
        {many && <Text id={`pe-spec-remove-${index}`} className="pe-spec__remove" onClick={onRemove}>删除</Text>}
      </View>
      <Field id={`spec-name-${index}`} label="规格名称" placeholder="如 L 码 / 礼盒装" maxlength={20} value={spec.name} onInput={(name) => onChange({ name })} />
      <Field id={`spec-list-${index}`} label="零售价" unit="元" type="digit" value={spec.list} onInput={(list) => onChange({ list })} />
      <Field id={`spec-member-${index}`} label="会员价" unit="元" type="digit" placeholder="不设会员价" value={spec.member} onInput={(member) => onChange({ member })} />
      <Field id={`spec-partner-${index}`} label="合伙人价" unit="元" type="digit" placeholder="不设合伙人价" value={spec.partner} onInput={(partner) => onChange({ partner })} />
      <Field id={`spec-base-${index}`} label="佣金基数" unit="元" type="digit" placeholder="按零售价" value={spec.base} onInput={(base) => onChange({ base })} />
      {spec.specId === null
        ? <Field id={`spec-stock-${index}`} label="初始库存" unit="件" type="number" value={spec.stock} onInput={(stock) => onChange({ stock })} />
        : <Field id={`spec-stock-${index}`} label={`库存 ${spec.stockSeen ?? 0} 件`} unit="件" placeholder="入库 +数量 / 出库 -数量" value={spec.stock} onInput={(stock) => onChange({ stock })} />}
    </View>
  );
}

function Specs({ specs, onChange }: { specs: SpecText[]; onChange: (specs: SpecText[]) => void }) {
  const set = (i: number, patch: Partial<SpecText>) => onChange(specs.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <Section title="规格、价格与库存">
      <Text className="owner-hint">会员价、合伙人价不能高于零售价，合伙人价不能高于会员价；留空表示不设。库存只做增减：售出的件数不会被覆盖。</Text>
      {specs.map((s, i) => <SpecCard key={s.specId ?? `new-${i}`} spec={s} index={i} many={specs.length > 1} onChange={(patch) => set(i, patch)} onRemove={() => onChange(specs.filter((_, j) => j !== i))} />)}
      <Button id="pe-spec-add" size="small" block onClick={() => onChange([...specs, newSpec()])}>+ 添加规格</Button>
    </Section>
  );
}

function DetailEditor({ detail, onChange }: { detail: DetailBlock[]; onChange: (detail: DetailBlock[]) => void }) {
  const addPicture = async () => {
    const fileId = await pick();
    if (fileId !== null) onChange([...detail, { type: 'picture', fileId }]);
  };
  return (
    <Section title="图文详情">
      {detail.map((b, i) => (
        <View key={i} id={`pe-detail-${i}`} className="pe-block">
          {b.type === 'text'
            ? <Textarea id={`pe-detail-text-${i}`} className="pe-block__text" value={b.text} maxlength={500} autoHeight onInput={(e) => onChange(detail.map((x, j) => (j === i ? { type: 'text', text: e.detail.value } : x)))} />
            : <Image className="pe-block__picture" src={pictureUrl(b.fileId)} mode="widthFix" />}
          <View className="pe-block__actions">
            <Text onClick={() => onChange(moved(detail, i, -1))}>上移</Text>
            <Text onClick={() => onChange(moved(detail, i, 1))}>下移</Text>
            <Text id={`pe-detail-remove-${i}`} onClick={() => onChange(detail.filter((_, j) => j !== i))}>删除</Text>
          </View>
        </View>
      ))}
      <View className="owner-actions">
        <Button id="pe-detail-add-text" size="small" onClick={() => onChange([...detail, { type: 'text', text: '' }])}>+ 文字</Button>
        <Button id="pe-detail-add-picture" size="small" onClick={() => void addPicture()}>+ 图片</Button>
      </View>
    </Section>
  );
}

function Editor({ loaded }: { loaded: Loaded }) {
  const [draft, setDraft] = useState<Draft>(() => (loaded.product === null ? emptyDraft() : toDraft(loaded.product)));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // One request id per save attempt: a retry after a lost answer lands on the same save.
  const requestId = useRef(newRequestId());
  const change: Change = (patch) => setDraft((d) => ({ ...d, ...patch }));
  const save = async () => {
    const parsed = parseDraft({ ...draft, detail: draft.detail.filter((b) => b.type !== 'text' || b.text.trim() !== '') });
    if (!parsed.ok) return setError(parsed.message);
    setSaving(true);
    try {
      const p = loaded.product;
      if (p === null) await admin('product.create', { requestId: requestId.current, product: parsed.product });
      else await admin('product.update', { requestId: requestId.current, productId: p._id, version: p.version, product: parsed.product });
      requestId.current = newRequestId();
      void Taro.showToast({ title: '已保存', icon: 'success' });
      setTimeout(() => void Taro.navigateBack(), 600);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <View>
      <Basics draft={draft} categories={loaded.categories} onChange={change} />
      <Pictures pictures={draft.pictures} onChange={(pictures) => change({ pictures })} />
      <Specs specs={draft.specs} onChange={(specs) => change({ specs })} />
      <DetailEditor detail={draft.detail} onChange={(detail) => change({ detail })} />
      {error !== null && <Text id="product-error" className="owner-error">{error}</Text>}
      <BottomBar>
        <Button id="save-product" type="primary" block loading={saving} disabled={saving} onClick={() => void save()}>{loaded.product === null ? '创建商品' : '保存'}</Button>
      </BottomBar>
    </View>
  );
}

export default function OwnerProductEditPage() {
  const productId = useRouter().params.id;
  const q = useQuery(() => load(productId), { key: productId ?? 'new', reloadOnShow: false });
  return (
    <View className="owner-product-edit page page--with-bar">
      <Loadable query={q} skeleton={<Skeleton variant="card" rows={3} />}>
        {(loaded) => <Editor loaded={loaded} />}
      </Loadable>
    </View>
  );
}
