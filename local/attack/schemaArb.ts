// fast-check arbitraries derived from the zod contracts: valid inputs for any action, with id
// fields drawn from pools of real ids so that valid inputs reach the services' deep paths.
import fc from 'fast-check';
import type { z } from 'zod';

type Def = { type: string; [k: string]: unknown };
type Check = { _zod: { def: { check: string; length?: number; minimum?: number; maximum?: number; value?: number; inclusive?: boolean; format?: string; pattern?: RegExp } } };

const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

/** Real values by field name (orderId, productId, openid …), refreshed from the database as the run goes. */
export type Pools = Record<string, string[]>;

interface Bounds {
  min?: number;
  max?: number;
  pattern?: RegExp;
  int: boolean;
}

function boundsOf(def: Def): Bounds {
  const b: Bounds = { int: false };
  for (const c of (def.checks as Check[] | undefined) ?? []) {
    const d = c._zod.def;
    if (d.check === 'min_length') b.min = d.minimum;
    else if (d.check === 'max_length') b.max = d.maximum;
    else if (d.check === 'greater_than') b.min = (d.value ?? 0) + (d.inclusive ? 0 : 1);
    else if (d.check === 'less_than') b.max = (d.value ?? 0) - (d.inclusive ? 0 : 1);
    else if (d.check === 'string_format' && d.format === 'regex') b.pattern = d.pattern;
    else if (d.check === 'number_format') b.int = true;
    else if (d.check === 'length_equals') b.min = b.max = d.length;
  }
  return b;
}

const TEXT_SAMPLES = ['退款', '测试', '好物小店', '已打款 微信转账', '顾客要求退款', 'ABC-123', '拼团活动'];

function stringArb(field: string, b: Bounds, pools: Pools): fc.Arbitrary<string> {
  const min = b.min ?? 0;
  const max = Math.min(b.max ?? 40, 64);
  const pool = pools[field];
  const fitting = (pool ?? []).filter((v) => v.length >= min && v.length <= (b.max ?? Infinity) && (!b.pattern || b.pattern.test(v)));
  const generated = b.pattern ? fc.stringMatching(b.pattern).filter((s) => s.length >= min && s.length <= (b.max ?? Infinity)) : fc.oneof(fc.constantFrom(...TEXT_SAMPLES.filter((t) => t.length >= min && t.length <= max)), fc.string({ minLength: Math.max(min, 1), maxLength: max }));
  // Request ids are mostly fresh (a reused one is an idempotent retry, or a mismatch); other ids mostly real.
  const poolWeight = field === 'requestId' ? 1 : 6;
  return fitting.length > 0 ? fc.oneof({ weight: poolWeight, arbitrary: fc.constantFrom(...fitting) }, { weight: 2, arbitrary: generated }) : generated;
}

function numberArb(b: Bounds): fc.Arbitrary<number> {
  const min = b.min ?? 0;
  const max = b.max ?? Math.max(min, 100_000);
  return b.int ? fc.integer({ min: Math.max(min, -1_000_000), max: Math.min(max, 1_000_000_000_000) }) : fc.double({ min, max, noNaN: true });
}

/** An arbitrary of values the schema accepts (best effort: cross-field rules are the services'). */
export function arbitraryFor(schema: z.ZodTypeAny, pools: Pools, field = ''): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, z.ZodTypeAny>;
      const parts: Record<string, fc.Arbitrary<unknown>> = {};
      const required: string[] = [];
      for (const [k, v] of Object.entries(shape)) {
        parts[k] = arbitraryFor(v, pools, k);
        const t = defOf(v).type;
        if (t !== 'optional' && t !== 'default') required.push(k);
      }
      return fc.record(parts, { requiredKeys: required });
    }
    case 'string': return stringArb(field, boundsOf(def), pools);
    case 'number': return numberArb(boundsOf(def));
    case 'boolean': return fc.boolean();
    case 'enum': return fc.constantFrom(...Object.values(def.entries as Record<string, string>));
    case 'literal': return fc.constantFrom(...(def.values as unknown[]));
    case 'union': return fc.oneof(...(def.options as z.ZodTypeAny[]).map((o) => arbitraryFor(o, pools, field)));
    case 'nullable': return fc.option(arbitraryFor(def.innerType as z.ZodTypeAny, pools, field), { nil: null, freq: 4 });
    case 'optional':
    case 'default': return arbitraryFor(def.innerType as z.ZodTypeAny, pools, field);
    case 'array': {
      const b = boundsOf(def);
      return fc.array(arbitraryFor(def.element as z.ZodTypeAny, pools, field), { minLength: b.min ?? 0, maxLength: Math.max(b.min ?? 0, Math.min(b.max ?? 3, 3)) });
    }
    case 'record': return fc.dictionary(fc.string({ maxLength: 8 }), arbitraryFor(def.valueType as z.ZodTypeAny, pools, field), { maxKeys: 3 });
    default: return fc.anything();
  }
}
