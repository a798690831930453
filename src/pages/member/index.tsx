import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { errorMessage, shop, type ClientOutput } from '../../api/client';
import type { Me, Product, Tier } from '../../contracts';
import { formatDate } from '../../utils/date';
import { formatFen } from '../../utils/money';
import { STAGE_HOW_TO_REACH, STAGE_LABEL, STAGE_ORDER, formatMultiplier } from '../../utils/labels';
import './index.scss';

type Stage = Me['stage'];
type MemberInfo = ClientOutput<'shop', 'member.get'>;

function validityText(stageUntilMs: number | null): string {
  return stageUntilMs === null ? '长期有效' : `有效期至 ${formatDate(stageUntilMs)}`;
}

function StageCard({ me }: { me: Me }) {
  const next = STAGE_ORDER[STAGE_ORDER.indexOf(me.stage) + 1];
  return (
    <View className="member-card card">
      <Text className="member-card__label">当前身份</Text>
      <Text id="member-stage" className="member-card__stage">{STAGE_LABEL[me.stage]}</Text>
      <Text id="member-validity" className="member-card__validity">{validityText(me.stageUntilMs)}</Text>
      {next !== undefined && (
        <Text id="member-next" className="member-card__next">{`升级${STAGE_LABEL[next]}：${STAGE_HOW_TO_REACH[next]}`}</Text>
      )}
    </View>
  );
}

/** The four stages in order; those below the current one are done, the current one is highlighted. */
function Ladder({ stage }: { stage: Stage }) {
  const currentRank = STAGE_ORDER.indexOf(stage);
  const stepClass = (rank: number) =>
    rank === currentRank ? 'ladder__step--current' : rank < currentRank ? 'ladder__step--done' : 'ladder__step--ahead';
  return (
    <View className="card">
      <Text className="member__section-title">成长路线</Text>
      <View className="ladder">
        {STAGE_ORDER.map((s, rank) => (
          <View key={s} id={`ladder-${s}`} className={`ladder__step ${stepClass(rank)}`}>
            <View className="ladder__dot" />
            <Text className="ladder__name">{STAGE_LABEL[s]}</Text>
            <Text className="ladder__how">{STAGE_HOW_TO_REACH[s]}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}

function Benefits({ tiers, stage }: { tiers: Tier[]; stage: Stage }) {
  const byRank = [...tiers].sort((a, b) => a.rank - b.rank);
  return (
    <View className="card">
      <Text className="member__section-title">等级权益</Text>
      {byRank.map((tier) => (
        <View key={tier._id} id={`tier-${tier._id}`} className={`tier row${tier._id === stage ? ' tier--current' : ''}`}>
          <Text className="tier__name">{tier.name}</Text>
          <Text className="tier__multiplier">{`积分倍率 ${formatMultiplier(tier.pointsMultiplierPct)} 倍`}</Text>
        </View>
      ))}
    </View>
  );
}

function grantText(card: Product): string {
  if (card.grantsStage === null) return '';
  const days = card.grantsDays === null ? '长期有效' : `${card.grantsDays} 天`;
  return `开通${STAGE_LABEL[card.grantsStage]} · ${days}`;
}

function Cards({ cards }: { cards: Product[] }) {
  const open = (id: string) => void Taro.navigateTo({ url: `/pages/product/index?id=${id}` });
  return (
    <View className="card">
      <Text className="member__section-title">购买会员卡</Text>
      {cards.length === 0 && <Text className="muted">暂无可购买的会员卡</Text>}
      {cards.map((card) => (
        <View key={card._id} id={`card-${card._id}`} className="member-offer row" onClick={() => open(card._id)}>
          <View className="member-offer__info">
            <Text className="member-offer__name">{card.name}</Text>
            <Text className="muted">{grantText(card)}</Text>
          </View>
          <Text className="price">{formatFen(card.listPriceFen)}</Text>
        </View>
      ))}
    </View>
  );
}

export default function MemberPage() {
  const [info, setInfo] = useState<MemberInfo | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    shop('member.get', {})
      .then((res) => {
        setInfo(res);
        setError(null);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);

  useDidShow(load);

  if (error !== null) return <View className="page"><Text className="error">{error}</Text></View>;
  if (info === null) return <View className="page"><Text className="muted">加载中…</Text></View>;

  return (
    <View className="member page">
      <StageCard me={info.me} />
      <Ladder stage={info.me.stage} />
      <Benefits tiers={info.tiers} stage={info.me.stage} />
      <Cards cards={info.cards} />
    </View>
  );
}
