// Imported first by scripts that run function code directly (not the built bundles): makes
// require('wx-server-sdk') load the local drop-in, as jest's moduleNameMapper does for tests.
import Module from 'module';

const local = require.resolve('./sdk');
const m = Module as unknown as { _resolveFilename: (req: string, ...rest: unknown[]) => string };
const original = m._resolveFilename;
m._resolveFilename = function resolve(request: string, ...rest: unknown[]) {
  if (request === 'wx-server-sdk') return local;
  return original.call(this, request, ...rest);
};
