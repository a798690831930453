// Targeted mutations of a valid input: the same shape with one thing broken — a wrong type, a
// huge or negative number, a control character, a long string, another user's id, a missing or
// extra key — as an attacker (or a buggy client) would send it.
import fc from 'fast-check';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

/** An object with an OWN "__proto__" key, as JSON.parse makes one (a plain assignment would not). */
const protoKeyed = (): Json => JSON.parse('{"__proto__":{"polluted":true},"x":1}') as Json;
const deep = (depth: number): Json => (depth === 0 ? 'bottom' : { d: deep(depth - 1) });

export const NASTY_NUMBERS: number[] = [-1, 0, -0, 0.5, 1.5, 99.99, 2 ** 31, 2 ** 53, 2 ** 53 + 2, 1e21, 1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity];
export const NASTY_STRINGS: string[] = [
  '', ' ', '\u0000', 'a\u0000b', 'o_demo_owner\u0000', '\u0007', '\u001f', '\u007f', '\u202eevil', '\ud800', '\udfff', '\ufeff', '\u2028', '\n\r\t',
  'x'.repeat(65), 'x'.repeat(10_000), '好'.repeat(5000), '😀'.repeat(40), '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty',
  '$where', '{"$gt":""}', '../../etc/passwd', '%00', '%', 'null', 'undefined', '0', '-1', "Robert'); DROP TABLE docs;--", '<script>alert(1)</script>',
  'o_demo_owner', 'O_DEMO_OWNER', ' o_demo_owner', 'a.b', 'a$b', '*',
];
const NASTY_OTHERS: (() => Json)[] = [() => null, () => true, () => false, () => [], () => ({}), () => [1, 2, 3], () => ({ $gt: 0 }), protoKeyed, () => deep(60), () => Array.from({ length: 1000 }, (_, i) => i)];

function pathsOf(v: Json, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...pathsOf(x, [...at, i])));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...pathsOf(x, [...at, k]));
  return out;
}

function getAt(v: Json, path: Path): Json {
  return path.reduce<Json>((acc, k) => (acc as Record<string | number, Json>)[k], v);
}

/** A copy of `root` with the node at `path` replaced (or removed when `value` is undefined). */
function setAt(root: Json, path: Path, value: Json | undefined): Json {
  if (path.length === 0) return value === undefined ? {} : value;
  const copy = JSON.parse(JSON.stringify(root)) as Json;
  const parent = getAt(copy, path.slice(0, -1)) as Record<string | number, Json> | Json[];
  const key = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete (parent as Record<string, Json>)[key];
  } else {
    (parent as Record<string | number, Json>)[key] = value;
  }
  return copy;
}

function lastKey(path: Path): string {
  const k = path[path.length - 1];
  return typeof k === 'string' ? k : '';
}

export interface MutationContext {
  /** Ids that belong to someone else, by field name (another shopper's order, group …). */
  foreign: Record<string, string[]>;
}

/** What a mutation did, to report it readably. */
export interface Mutated {
  input: Json;
  how: string;
}

/** One targeted mutation of `valid`. */
export function mutationOf(valid: Json, ctx: MutationContext): fc.Arbitrary<Mutated> {
  const paths = pathsOf(valid);
  return fc.tuple(fc.constantFrom(...paths), fc.nat({ max: 99 }), fc.nat({ max: 10_000 })).map(([path, op, pick]) => {
    const node = getAt(valid, path);
    const where = path.join('.') || '(input)';
    const foreign = ctx.foreign[lastKey(path)] ?? [];
    if (op < 12 && foreign.length > 0) return { input: setAt(valid, path, foreign[pick % foreign.length]), how: `${where} = another user's ${lastKey(path)}` };
    if (op < 30) return { input: setAt(valid, path, NASTY_STRINGS[pick % NASTY_STRINGS.length]), how: `${where} = nasty string #${pick % NASTY_STRINGS.length}` };
    if (op < 46) return { input: setAt(valid, path, NASTY_NUMBERS[pick % NASTY_NUMBERS.length]), how: `${where} = ${NASTY_NUMBERS[pick % NASTY_NUMBERS.length]}` };
    if (op < 58) return { input: setAt(valid, path, NASTY_OTHERS[pick % NASTY_OTHERS.length]()), how: `${where} = odd value #${pick % NASTY_OTHERS.length}` };
    if (op < 66 && path.length > 0) return { input: setAt(valid, path, undefined), how: `${where} removed` };
    if (op < 74 && typeof node === 'string') return { input: setAt(valid, path, `${node}${NASTY_STRINGS[pick % 14]}`), how: `${where} + control/odd suffix` };
    if (op < 82 && typeof node === 'number') return { input: setAt(valid, path, -node - 1), how: `${where} negated` };
    if (op < 88 && Array.isArray(node) && node.length > 0) return { input: setAt(valid, path, Array.from({ length: 21 + (pick % 200) }, () => node[0])), how: `${where} repeated past its limit` };
    if (op < 94 && node !== null && typeof node === 'object' && !Array.isArray(node)) {
      const extra = JSON.parse(JSON.stringify(node)) as Record<string, Json>;
      const key = ['__proto__', 'constructor', '$set', 'openid', 'extra', ''][pick % 6];
      Object.defineProperty(extra, key, { value: 'x', enumerable: true, configurable: true, writable: true });
      return { input: setAt(valid, path, extra), how: `${where} + extra key ${JSON.stringify(key)}` };
    }
    return { input: setAt(valid, path, NASTY_STRINGS[pick % NASTY_STRINGS.length]), how: `${where} = nasty string #${pick % NASTY_STRINGS.length}` };
  });
}
