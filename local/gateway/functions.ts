import fs from 'fs';
import Module from 'module';
import path from 'path';
import type { LocalRuntime } from '../runtime/runtime';
import { FUNCTION_NAME } from '../../cloudfunctions/src/platform';

export const FUNCTION_NAMES = Object.values(FUNCTION_NAME);

let patched = false;

/** Makes require('wx-server-sdk') inside the deployable bundles load the local drop-in. */
function routeSdkToLocal(): void {
  if (patched) return;
  patched = true;
  const local = require.resolve('../runtime/sdk');
  const m = Module as unknown as { _resolveFilename: (req: string, ...rest: unknown[]) => string };
  const original = m._resolveFilename;
  m._resolveFilename = function resolve(request: string, ...rest: unknown[]) {
    if (request === 'wx-server-sdk') return local;
    return original.call(this, request, ...rest);
  };
}

/** Registers the built, deployable function bundles: the exact code CloudBase would run. */
export function registerBundles(rt: LocalRuntime, deployDir: string): string[] {
  routeSdkToLocal();
  const loaded: string[] = [];
  for (const name of FUNCTION_NAMES) {
    const file = path.join(deployDir, name, 'index.js');
    if (!fs.existsSync(file)) throw new Error(`missing ${file}: run npm run build:cloud`);
    delete require.cache[file];
    rt.register(name, require(file));
    loaded.push(name);
  }
  return loaded;
}
