import { Button, Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useCallback, useRef, useState } from 'react';
import { errorMessage, shop, type ClientOutput } from '../../../api/client';
import { formatDate } from '../../../utils/format';
import { flag } from '../../../utils/flag';
import { STAGE_LABEL } from '../../../utils/labels';
import '../../partner.scss';
import './index.scss';

type TeamPage = ClientOutput<'shop', 'partner.team.list'>;
type Member = TeamPage['members'][number];
type Level = 1 | 2;

const PAGE_SIZE = 20;

interface Listing {
  level: Level;
  members: Member[];
  nextBeforeMs: number | null;
}

function Tabs({ level, counts, onPick }: { level: Level; counts: { direct: number; second: number } | null; onPick: (l: Level) => void }) {
  const tab = (l: Level, title: string, id: string, count: number | undefined) => (
    <View id={`team-tab-${l}`} className={`partner-tab${level === l ? ' partner-tab--active' : ''}`} onClick={() => onPick(l)}>
      <Text>{`${title} `}</Text>
      <Text id={id}>{count === undefined ? '-' : `${count}`}</Text>
    </View>
  );
  return (
    <View className="partner-tabs">
      {tab(1, '直推', 'team-direct-count', counts?.direct)}
      {tab(2, '二级', 'team-second-count', counts?.second)}
    </View>
  );
}

function MemberRow({ member, index }: { member: Member; index: number }) {
  return (
    <View id={`team-member-${member.level}-${index}`} className="team-member row">
      <View className="team-member__info">
        <Text className="team-member__name">{member.nickname}</Text>
        <Text className="muted">{`${formatDate(member.joinedAtMs)} 加入`}</Text>
      </View>
      <Text className="tag">{STAGE_LABEL[member.stage]}</Text>
    </View>
  );
}

export default function PartnerTeamPage() {
  const [level, setLevel] = useState<Level>(1);
  const [listing, setListing] = useState<Listing | null>(null);
  const [counts, setCounts] = useState<{ direct: number; second: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  // Answers for a tab the viewer has since left are dropped.
  const shown = useRef<Level>(1);

  const fetchPage = useCallback(async (l: Level, beforeMs: number | undefined, prev: Member[]) => {
    try {
      const res = await shop('partner.team.list', { level: l, limit: PAGE_SIZE, ...(beforeMs === undefined ? {} : { beforeMs }) });
      if (shown.current !== l) return;
      setCounts({ direct: res.direct, second: res.second });
      setListing({ level: l, members: [...prev, ...res.members], nextBeforeMs: res.nextBeforeMs });
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);

  const pick = (l: Level) => {
    shown.current = l;
    setLevel(l);
    setListing(null);
    void fetchPage(l, undefined, []);
  };

  useDidShow(() => void fetchPage(shown.current, undefined, []));

  const more = async () => {
    if (listing === null || listing.nextBeforeMs === null || loadingMore) return;
    setLoadingMore(true);
    await fetchPage(listing.level, listing.nextBeforeMs, listing.members);
    setLoadingMore(false);
  };

  return (
    <View className="partner-team page">
      <Tabs level={level} counts={counts} onPick={pick} />
      {error !== null && <Text className="error">{error}</Text>}
      {listing === null && error === null && <Text className="muted">加载中…</Text>}
      {listing !== null && (
        <View className="card">
          {listing.members.length === 0 && <Text id="team-empty" className="muted">{level === 1 ? '还没有直推成员，去分享你的推荐码吧' : '还没有二级成员'}</Text>}
          {listing.members.map((m, i) => <MemberRow key={`${m.joinedAtMs}-${i}`} member={m} index={i} />)}
          {listing.nextBeforeMs !== null && (
            <Button id="team-more" className="partner-more" size="mini" loading={flag(loadingMore)} disabled={flag(loadingMore)} onClick={() => void more()}>
              加载更多
            </Button>
          )}
        </View>
      )}
    </View>
  );
}
