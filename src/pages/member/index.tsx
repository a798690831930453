import { Button } from '@nutui/nutui-react-taro';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { shop, type ClientOutput } from '../../api/client';
import { MemberBenefits } from '../../components/MemberBenefits';
import { Loadable, Price, Section, Skeleton } from '../../components/ui';
import type { Me, Product } from '../../contracts';
import { useQuery } from '../../hooks/useQuery';
import { formatDate, formatFen } from '../../utils/format';
import { STAGE_HOW_TO_REACH, STAGE_LABEL, STAGE_ORDER } from '../../utils/labels';
import './index.scss';

type Stage = Me['stage'];
type MemberInfo = ClientOutput<'shop', 'member.get'>;

const openProduct = (id: string) => void Taro.navigateTo({ url: `/pages/product/index?id=${id}` });

function validityText(me: Me): string {
  if (me.stage === 'fan' || me.stage === 'customer') return '开通会员卡，立享会员价';
  return me.stageUntilMs === null ? '长期有效' : `有效期至 ${formatDate(me.stageUntilMs)}`;
}

function StageCard({ me, card }: { me: Me; card: Product | null }) {
  const next = STAGE_ORDER[STAGE_ORDER.indexOf(me.stage) + 1];
  const canOpen = (me.stage === 'fan' || me.stage === 'customer') && card !== null;
  return (
    <View className="member-card">
      <Text className="member-card__label">当前身份</Text>
      <Text id="member-stage" className="member-card__stage">{STAGE_LABEL[me.stage]}</Text>
      <Text id="member-validity" className="member-card__validity">{validityText(me)}</Text>
      {next !== undefined && <Text id="member-next" className="member-card__next">{`升级${STAGE_LABEL[next]}：${STAGE_HOW_TO_REACH[next]}`}</Text>}
      {canOpen && (
        <Button id="open-card" className="member-card__cta" size="small" onClick={() => openProduct(card._id)}>
          {`立即开通 ${formatFen(card.listPriceFen)}`}
        </Button>
      )}
    </View>
  );
}

/** The four stages in order; those below the current one are done, the current one is highlighted. */
function Ladder({ stage }: { stage: Stage }) {
  const currentRank = STAGE_ORDER.indexOf(stage);
  const stepClass = (rank: number) => (rank === currentRank ? 'ladder__step--current' : rank < currentRank ? 'ladder__step--done' : 'ladder__step--ahead');
  return (
    <Section title="成长路线">
      <View className="ladder">
        {STAGE_ORDER.map((s, rank) => (
          <View key={s} id={`ladder-${s}`} className={`ladder__step ${stepClass(rank)}`}>
            <View className="ladder__dot" />
            <Text className="ladder__name">{STAGE_LABEL[s]}</Text>
            <Text className="ladder__how">{STAGE_HOW_TO_REACH[s]}</Text>
          </View>
        ))}
      </View>
    </Section>
  );
}

function Cards({ cards }: { cards: Product[] }) {
  return (
    <Section title="会员卡与礼包">
      {cards.map((card) => (
        <View key={card._id} id={`card-${card._id}`} className="member-offer" onClick={() => openProduct(card._id)}>
          <View className="member-offer__info">
            <Text className="member-offer__name">{card.name}</Text>
            <Text className="member-offer__note">{card.subtitle}</Text>
          </View>
          <Price fen={card.listPriceFen} size="s" />
        </View>
      ))}
    </Section>
  );
}

export default function MemberPage() {
  const q = useQuery(() => shop('member.get', {}));
  return (
    <View className="member page">
      <Loadable query={q} skeleton={<Skeleton variant="card" rows={3} />}>
        {(info: MemberInfo) => {
          const card = info.cards.find((c) => c.grantsStage === 'member') ?? null;
          return (
            <View>
              <StageCard me={info.me} card={card} />
              <Section title="会员权益">
                <MemberBenefits privileges={info.privileges} tiers={info.tiers} card={card} />
              </Section>
              <Ladder stage={info.me.stage} />
              {info.cards.length > 0 && <Cards cards={info.cards} />}
            </View>
          );
        }}
      </Loadable>
    </View>
  );
}
