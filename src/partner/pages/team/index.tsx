import { Button } from '@nutui/nutui-react-taro';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { errorMessage, shop, type ClientOutput } from '../../../api/client';
import { Avatar, Badge, EmptyState, Loadable, Skeleton, Tabs } from '../../../components/ui';
import { useQuery } from '../../../hooks/useQuery';
import { formatDate } from '../../../utils/format';
import { STAGE_LABEL } from '../../../utils/labels';
import { PARTNER_PAGES } from '../../labels';
import { broughtText } from '../../money';
import '../../partner.scss';
import './index.scss';

type TeamPage = ClientOutput<'shop', 'partner.team.list'>;
type Member = TeamPage['members'][number];
type Level = 1 | 2;

const PAGE_SIZE = 20;

function fetchPage(level: Level, beforeMs: number | null) {
  return shop('partner.team.list', { level, limit: PAGE_SIZE, ...(beforeMs === null ? {} : { beforeMs }) });
}

function MemberRow({ member, index }: { member: Member; index: number }) {
  return (
    <View id={`team-member-${member.level}-${index}`} className="team-member">
      <Avatar name={member.nickname} picture={member.avatar} size="s" />
      <View className="team-member__info">
        <Text className="team-member__name">{member.nickname}</Text>
        <Text className="partner-note">{`${formatDate(member.joinedAtMs)} 加入`}</Text>
        <Text id={`team-brought-${member.level}-${index}`} className="partner-note">{broughtText(member)}</Text>
      </View>
      <Badge text={STAGE_LABEL[member.stage]} tone={member.stage === 'partner' || member.stage === 'member' ? 'gold' : 'grey'} />
    </View>
  );
}

export default function PartnerTeamPage() {
  const [level, setLevel] = useState<Level>(1);
  const q = useQuery(() => fetchPage(level, null), { key: level });
  const [more, setMore] = useState<{ level: Level; members: Member[]; nextBeforeMs: number | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  const pick = (l: Level) => {
    setMore(null);
    setLevel(l);
  };
  const loadMore = async (first: TeamPage) => {
    const before = more?.level === level ? more.nextBeforeMs : first.nextBeforeMs;
    if (before === null || loadingMore) return;
    setLoadingMore(true);
    try {
      const next = await fetchPage(level, before);
      setMore((m) => ({ level, members: [...(m?.level === level ? m.members : []), ...next.members], nextBeforeMs: next.nextBeforeMs }));
    } catch (e) {
      void Taro.showToast({ title: errorMessage(e), icon: 'none' });
    } finally {
      setLoadingMore(false);
    }
  };
  const counts = q.data === null ? null : { direct: q.data.direct, second: q.data.second };
  const share = () => void Taro.navigateTo({ url: PARTNER_PAGES.share });
  return (
    <View className="partner-team page">
      <Tabs
        idPrefix="team-tab"
        items={[{ key: '1', label: '直推', count: counts?.direct ?? null }, { key: '2', label: '二级', count: counts?.second ?? null }]}
        active={`${level}` as '1' | '2'}
        onChange={(k) => pick(k === '1' ? 1 : 2)}
      />
      <Loadable query={q} skeleton={<Skeleton variant="list" rows={4} />}>
        {(first) => {
          const extra = more?.level === level ? more : null;
          const members = [...first.members, ...(extra?.members ?? [])];
          const next = extra === null ? first.nextBeforeMs : extra.nextBeforeMs;
          if (members.length === 0) {
            return level === 1
              ? <EmptyState id="team-empty" title="还没有直推成员" description="分享你的推荐码，好友进店即成为你的团队成员" picture="team" action={{ id: 'go-share', text: '去分享', onClick: share }} />
              : <EmptyState id="team-empty" title="还没有二级成员" picture="team" />;
          }
          return (
            <View className="team-list">
              {members.map((m, i) => <MemberRow key={`${m.joinedAtMs}-${i}`} member={m} index={i} />)}
              {next !== null && (
                <View className="partner-more">
                  <Button id="team-more" size="small" loading={loadingMore} onClick={() => void loadMore(first)}>加载更多</Button>
                </View>
              )}
            </View>
          );
        }}
      </Loadable>
    </View>
  );
}
