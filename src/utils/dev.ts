/**
 * H5 only: the local gateway's dev sign-in, standing in for WeChat's implicit openid.
 * Never called on weapp, where the cloud runtime supplies the caller's openid.
 */

export interface DevIdentity {
  openid: string;
  label: string;
}

async function send(path: string, init?: RequestInit): Promise<Response> {
  const res = await fetch(path, { credentials: 'include', ...init });
  if (!res.ok) throw new Error(`${path} → HTTP ${res.status}`);
  return res;
}

async function getJson(path: string): Promise<unknown> {
  return (await send(path)).json();
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

export function isDevSignInAvailable(): boolean {
  return process.env.TARO_ENV === 'h5';
}

export async function listIdentities(): Promise<DevIdentity[]> {
  const body = await getJson('/api/dev/identities');
  if (!isRecord(body) || !Array.isArray(body.identities)) return [];
  return body.identities.filter(
    (i): i is DevIdentity => isRecord(i) && typeof i.openid === 'string' && typeof i.label === 'string',
  );
}

/** Signs in as `openid`; the gateway answers with a session cookie. */
export async function devLogin(openid: string): Promise<void> {
  await send('/api/dev/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ openid }),
  });
}

/** The openid of the signed-in identity, or null when nobody is signed in. */
export async function whoami(): Promise<string | null> {
  const body = await getJson('/api/dev/whoami');
  return isRecord(body) && typeof body.openid === 'string' ? body.openid : null;
}

/**
 * H5 only: the local stand-in for WeChat's phone sheet (手机号快速验证). The gateway issues the
 * code a getPhoneNumber button would hand the page, for the signed-in identity's demo number;
 * the page then exchanges it through profile.phone.bind like on weapp.
 */
export async function devPhoneCode(): Promise<string> {
  const body = await (await send('/api/dev/phone-code', { method: 'POST' })).json();
  if (!isRecord(body) || typeof body.code !== 'string') throw new Error('no phone code');
  return body.code;
}
