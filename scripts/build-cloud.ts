// Bundles each cloud function into its deployable folder: index.js, package.json, config.json
// and nothing else (a .ts next to index.js breaks CloudBase deploys). wx-server-sdk stays
// external: CloudBase installs it from package.json.
import { build } from 'esbuild';
import fs from 'fs';
import path from 'path';
import { DEPLOYED_SDK, FUNCTION_NAME, OPENAPI_NAME, TIMER_TRIGGER, type FunctionName } from '../cloudfunctions/src/platform';

const ROOT = path.resolve(__dirname, '..');
const DEPLOY = path.join(ROOT, 'cloudfunctions', 'deploy');

interface FunctionSpec {
  name: FunctionName;
  openapi: string[];
  triggers?: { name: string; type: 'timer'; config: string }[];
}

const { wxacodeGetUnlimited, subscribeMessageSend, phonenumberGetPhoneNumber, uploadShippingInfo, getShippingOrder } = OPENAPI_NAME;

// config.json holds only what the platform documents (permissions.openapi, triggers): no timeout
// field — the README tells the owner to set each function's timeout in the console.
export const FUNCTIONS: FunctionSpec[] = [
  { name: FUNCTION_NAME.shop, openapi: [wxacodeGetUnlimited, subscribeMessageSend, phonenumberGetPhoneNumber] },
  // admin ships and checks pickups (shipping information after the commit); cron retries uploads.
  { name: FUNCTION_NAME.admin, openapi: [subscribeMessageSend, uploadShippingInfo, getShippingOrder] },
  { name: FUNCTION_NAME.payNotify, openapi: [subscribeMessageSend] },
  { name: FUNCTION_NAME.refundNotify, openapi: [] },
  // 7-field cron (seconds … year) in UTC+8: every five minutes.
  { name: FUNCTION_NAME.cron, openapi: [subscribeMessageSend, uploadShippingInfo, getShippingOrder], triggers: [{ name: 'every5min', type: 'timer', config: '0 */5 * * * * *' }] },
];

/** A config.json as the platform documents it; throws on a trigger the platform would refuse. */
export function functionConfig(fn: FunctionSpec): Record<string, unknown> {
  const config: Record<string, unknown> = { permissions: { openapi: fn.openapi } };
  if (fn.triggers) {
    if (fn.triggers.length > TIMER_TRIGGER.maxPerFunction) throw new Error(`${fn.name}: one timer trigger per function`);
    for (const t of fn.triggers) {
      if (!TIMER_TRIGGER.namePattern.test(t.name)) throw new Error(`${fn.name}: bad trigger name ${t.name}`);
      if (t.config.trim().split(/\s+/).length !== TIMER_TRIGGER.cronFields) throw new Error(`${fn.name}: cron needs ${TIMER_TRIGGER.cronFields} fields`);
    }
    config.triggers = fn.triggers;
  }
  return config;
}

/** The deployed package.json: CloudBase installs wx-server-sdk from it (云端安装依赖). */
export function functionPackage(fn: FunctionSpec): Record<string, unknown> {
  return { name: fn.name, version: '1.0.0', main: 'index.js', private: true, dependencies: { [DEPLOYED_SDK.name]: DEPLOYED_SDK.version } };
}

export async function buildCloud(): Promise<Record<string, number>> {
  const sizes: Record<string, number> = {};
  for (const fn of FUNCTIONS) {
    const dir = path.join(DEPLOY, fn.name);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    await build({
      entryPoints: [path.join(ROOT, 'cloudfunctions', 'src', 'functions', fn.name, 'index.ts')],
      outfile: path.join(dir, 'index.js'),
      bundle: true,
      platform: 'node',
      target: DEPLOYED_SDK.bundleTarget,
      format: 'cjs',
      minify: true,
      legalComments: 'none',
      external: [DEPLOYED_SDK.name],
      // Prefer ESM builds so unused code (zod's locales) is tree-shaken away.
      mainFields: ['module', 'main'],
      logLevel: 'warning',
    });
    fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(functionPackage(fn), null, 2)}\n`);
    fs.writeFileSync(path.join(dir, 'config.json'), `${JSON.stringify(functionConfig(fn), null, 2)}\n`);
    sizes[fn.name] = fs.statSync(path.join(dir, 'index.js')).size;
  }
  return sizes;
}

if (require.main === module) {
  buildCloud().then((sizes) => {
    for (const [name, bytes] of Object.entries(sizes)) console.log(`cloudfunctions/deploy/${name}/index.js  ${bytes} bytes`);
  }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
