// Bundles each cloud function into its deployable folder: index.js, package.json, config.json
// and nothing else (a .ts next to index.js breaks CloudBase deploys). wx-server-sdk stays
// external: CloudBase installs it from package.json.
import { build } from 'esbuild';
import fs from 'fs';
import path from 'path';

const ROOT = path.resolve(__dirname, '..');
const DEPLOY = path.join(ROOT, 'cloudfunctions', 'deploy');

interface FunctionSpec {
  name: string;
  openapi: string[];
  triggers?: { name: string; type: 'timer'; config: string }[];
  timeout: number;
}

export const FUNCTIONS: FunctionSpec[] = [
  { name: 'shop', openapi: ['wxacode.getUnlimited', 'subscribeMessage.send'], timeout: 20 },
  { name: 'admin', openapi: ['subscribeMessage.send'], timeout: 20 },
  { name: 'payNotify', openapi: ['subscribeMessage.send'], timeout: 20 },
  { name: 'refundNotify', openapi: [], timeout: 20 },
  // 7-field cron in UTC+8: every five minutes.
  { name: 'cron', openapi: ['subscribeMessage.send'], triggers: [{ name: 'every5min', type: 'timer', config: '0 */5 * * * * *' }], timeout: 60 },
];

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
      target: 'node16',
      format: 'cjs',
      minify: true,
      legalComments: 'none',
      external: ['wx-server-sdk'],
      // Prefer ESM builds so unused code (zod's locales) is tree-shaken away.
      mainFields: ['module', 'main'],
      logLevel: 'warning',
    });
    fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: fn.name, version: '1.0.0', main: 'index.js', private: true, dependencies: { 'wx-server-sdk': '~3.0.1' } }, null, 2)}\n`);
    const config: Record<string, unknown> = { permissions: { openapi: fn.openapi }, timeout: fn.timeout };
    if (fn.triggers) config.triggers = fn.triggers;
    fs.writeFileSync(path.join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
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
