import fc from 'fast-check';
import { REFERRAL_CODE_ALPHABET, ReferralCode, parseReferralQuery, sceneFor, sharePathFor, shareQueryFor } from '../../src/contracts';
import { decideBinding, newReferralCode, uplinesUnder, type Arrival } from '../../cloudfunctions/src/partners/domain/referral';

describe('referral codes', () => {
  test('8 characters from a 31-character alphabet without look-alikes', () => {
    expect(REFERRAL_CODE_ALPHABET).toHaveLength(31);
    expect(REFERRAL_CODE_ALPHABET).not.toMatch(/[01ILO]/);
    for (let i = 0; i < 200; i += 1) expect(ReferralCode.safeParse(newReferralCode()).success).toBe(true);
  });

  test('drawn uniformly: consecutive codes share no structure (no two equal in 20,000 draws)', () => {
    const codes = Array.from({ length: 20_000 }, () => newReferralCode());
    expect(new Set(codes).size).toBe(codes.length);
    // Every position uses the whole alphabet (a counter or a timestamp would not).
    for (let pos = 0; pos < 8; pos += 1) expect(new Set(codes.map((c) => c[pos])).size).toBe(31);
  });

  test('the picker decides every character (so tests can pin one)', () => {
    expect(newReferralCode(() => 0)).toBe('22222222');
    expect(newReferralCode((n) => n - 1)).toBe('ZZZZZZZZ');
  });
});

describe('share links and the wxacode scene', () => {
  test('links, timeline query and scene', () => {
    expect(sharePathFor('PARTNER2')).toBe('/pages/index/index?ref=PARTNER2');
    expect(shareQueryFor('PARTNER2', 'spring')).toBe('ref=PARTNER2&cp=spring');
    expect(sceneFor('PARTNER2')).toBe('r=PARTNER2');
  });

  test.each<[string, Record<string, unknown> | undefined, unknown]>([
    ['a poster: WeChat passes the scene URL-encoded', { scene: encodeURIComponent('r=PARTNER2') }, { code: 'PARTNER2', channel: 'poster' }],
    ['a poster for a campaign', { scene: encodeURIComponent('r=PARTNER2&c=spring_2025') }, { code: 'PARTNER2', channel: 'campaign', campaign: 'spring_2025' }],
    ['a shared link', { ref: 'PARTNER2' }, { code: 'PARTNER2', channel: 'code' }],
    ['a shared link, lower case', { ref: 'partner2' }, { code: 'PARTNER2', channel: 'code' }],
    ['a campaign link', { ref: 'PARTNER2', cp: 'spring' }, { code: 'PARTNER2', channel: 'campaign', campaign: 'spring' }],
    ['a malformed campaign keeps the referral', { ref: 'PARTNER2', cp: 'no spaces!' }, { code: 'PARTNER2', channel: 'code' }],
    ['a code with a look-alike', { ref: 'PARTNER0' }, null],
    ['a scene without a code', { scene: 'x=1' }, null],
    ['a broken escape', { scene: '%E0%A4%A' }, null],
    ['no query', undefined, null],
    ['an unrelated query', { id: 'p_tonic' }, null],
  ])('%s', (_name, query, expected) => {
    expect(parseReferralQuery(query)).toEqual(expected);
  });

  test('every scene fits in 32 characters and reads back', () => {
    fc.assert(fc.property(fc.stringMatching(/^[0-9A-Za-z_-]{1,19}$/), fc.boolean(), (campaign, withCampaign) => {
      const code = newReferralCode();
      const scene = sceneFor(code, withCampaign ? campaign : undefined);
      expect(scene.length).toBeLessThanOrEqual(32);
      expect(scene).not.toContain('%');
      expect(parseReferralQuery({ scene: encodeURIComponent(scene) })).toEqual(withCampaign ? { code, channel: 'campaign', campaign } : { code, channel: 'poster' });
    }));
  });
});

describe('decideBinding', () => {
  const newcomer: Arrival = { openid: 'n', referrerOpenid: null, referralDecidedAtMs: null, paidOrderCount: 0 };
  test.each<[string, Arrival, string, boolean, boolean, boolean, string]>([
    // case,                                   who,                                    referrer, eligible, descendant, atPayment, decision
    ['a newcomer and an eligible referrer',    newcomer,                               'p',      true,     false,      false,     'bind'],
    ['oneself',                                newcomer,                               'n',      true,     false,      false,     'error_self'],
    ['already bound: for life',                { ...newcomer, referrerOpenid: 'q' },   'p',      true,     false,      false,     'unchanged'],
    ['a first code already decided',           { ...newcomer, referralDecidedAtMs: 1 }, 'p',     true,     false,      false,     'unchanged'],
    ['not a newcomer: paid before',            { ...newcomer, paidOrderCount: 1 },     'p',      true,     false,      false,     'unchanged'],
    ['at the first paid order, counted',       { ...newcomer, paidOrderCount: 1 },     'p',      true,     false,      true,      'bind'],
    ['a referrer who earns nothing',           newcomer,                               'p',      false,    false,      false,     'refuse_not_eligible'],
    ['a referrer in one\'s own team',          newcomer,                               'p',      true,     true,       false,     'error_cycle'],
  ])('%s', (_name, who, referrer, eligible, descendant, atPayment, kind) => {
    expect(decideBinding(who, referrer, eligible, descendant, atPayment).kind).toBe(kind);
  });

  test('uplines: parent then grandparent', () => {
    expect(uplinesUnder({ _id: 'm', referrerOpenid: 'p' })).toEqual(['m', 'p']);
    expect(uplinesUnder({ _id: 'p', referrerOpenid: null })).toEqual(['p']);
  });
});
