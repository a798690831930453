import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import {
  LocalDatabase,
  isConflictError,
  isDuplicateError,
  isNotFoundError,
  type Doc,
  type OpCounter,
  type Transaction,
} from '../../local/runtime/db';

let db: LocalDatabase;
let ops: OpCounter;

beforeEach(() => {
  ops = { reads: 0, writes: 0 };
  db = new LocalDatabase({ onOp: (k) => { if (k === 'read') ops.reads++; else ops.writes++; } });
});
afterEach(() => db.close());

const ids = (docs: Doc[]): unknown[] => docs.map((d) => d._id);

async function seed(coll: string, docs: Doc[]): Promise<void> {
  for (const data of docs) await db.collection(coll).add({ data });
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('documents', () => {
  test('add / get / set / update / remove round trip', async () => {
    const users = db.collection('users');
    const { _id } = await users.add({ data: { name: 'a', n: 1 } });
    expect(_id).toMatch(/^[0-9a-f]{32}$/);
    expect((await users.doc(_id).get()).data).toEqual({ _id, name: 'a', n: 1 });

    expect(await users.doc(_id).set({ data: { name: 'b' } })).toMatchObject({ _id, stats: { updated: 1, created: 0 } });
    expect((await users.doc(_id).get()).data).toEqual({ _id, name: 'b' });
    expect(await users.doc('fresh').set({ data: { x: true } })).toMatchObject({ stats: { updated: 0, created: 1 } });

    expect((await users.doc(_id).update({ data: { age: 3 } })).stats.updated).toBe(1);
    expect((await users.doc(_id).get()).data).toEqual({ _id, name: 'b', age: 3 });
    expect((await users.doc('missing').update({ data: { age: 3 } })).stats.updated).toBe(0);

    expect((await users.doc(_id).remove()).stats.removed).toBe(1);
    expect((await users.doc(_id).remove()).stats.removed).toBe(0);
  });

  test('missing doc get throws like CloudBase unless throwOnNotFound is false', async () => {
    const e = (await rejection(db.collection('c').doc('nope').get())) as { errCode: number; message: string };
    expect(e.errCode).toBe(-1);
    expect(e.message).toContain('document.get:fail document with _id nope does not exist');
    expect(isNotFoundError(e)).toBe(true);

    const lenient = new LocalDatabase({ throwOnNotFound: false });
    expect((await lenient.collection('c').doc('nope').get()).data).toBeNull();
    lenient.close();
  });

  test('add with an existing _id is a duplicate write', async () => {
    await db.collection('c').add({ data: { _id: 'k', v: 1 } });
    const e = (await rejection(db.collection('c').add({ data: { _id: 'k', v: 2 } }))) as { errCode: number; message: string };
    expect(e.errCode).toBe(-502001);
    expect(e.message).toContain('DATABASE_DUPLICATE_WRITE');
    expect(isDuplicateError(e)).toBe(true);
    expect((await db.collection('c').doc('k').get()).data).toEqual({ _id: 'k', v: 1 });
  });

  test('returned documents are copies', async () => {
    await db.collection('c').add({ data: { _id: 'k', nested: { list: [1] } } });
    const first = (await db.collection('c').doc('k').get()).data as { nested: { list: number[] } };
    first.nested.list.push(2);
    const [again] = (await db.collection('c').where({ _id: 'k' }).get()).data;
    expect(again).toEqual({ _id: 'k', nested: { list: [1] } });
  });

  test('rejects what the cloud would reject or store differently', async () => {
    const c = db.collection('c');
    await c.add({ data: { _id: 'k', a: 1 } });
    expect(await rejection(c.doc('k').set({ data: { _id: 'k', a: 2 } }))).toMatchObject({ errCode: -501007 });
    expect(await rejection(c.doc('k').update({ data: { _id: 'x' } }))).toMatchObject({ errCode: -501007 });
    expect(await rejection(c.doc('k').set({ data: { a: db.command.inc(1) } }))).toMatchObject({ message: expect.stringContaining('update operator') });
    expect(await rejection(c.add({ data: { when: new Date() } }))).toMatchObject({ errCode: -501007 });
    expect(await rejection(c.add({ data: { a: undefined } }))).toMatchObject({ errCode: -501007 });
    expect(await rejection(c.add({ data: { 'a.b': 1 } }))).toMatchObject({ errCode: -501007 });
    expect(await rejection(c.doc('k').update({ data: {} }))).toMatchObject({ errCode: -501007 });
    expect(() => c.where({ a: undefined })).toThrow(/undefined/);
    expect((await c.doc('k').get()).data).toEqual({ _id: 'k', a: 1 });
  });
});

describe('queries', () => {
  const _ = () => db.command;
  beforeEach(() =>
    seed('p', [
      { _id: 'a', n: 1, flag: true, tag: 'x', meta: { color: 'red', size: 3 } },
      { _id: 'b', n: 2, flag: false, tag: 'y', meta: { color: 'blue', size: 1 } },
      { _id: 'c', n: 3, flag: true, meta: { color: 'red', size: 2 } },
      { _id: 'd', n: '3', flag: 1 },
    ]),
  );

  const q = async (cond: object): Promise<unknown[]> => ids((await db.collection('p').where(cond).get()).data);

  test('comparison operators respect types', async () => {
    expect(await q({ n: 3 })).toEqual(['c']);
    expect(await q({ n: '3' })).toEqual(['d']);
    expect(await q({ n: _().gt(1) })).toEqual(['b', 'c']);
    expect(await q({ n: _().gte(2) })).toEqual(['b', 'c']);
    expect(await q({ n: _().lt(2) })).toEqual(['a']);
    expect(await q({ n: _().lte(2) })).toEqual(['a', 'b']);
    expect(await q({ n: _().in([1, 3]) })).toEqual(['a', 'c']);
    expect(await q({ _id: _().in(['a', 'd']) })).toEqual(['a', 'd']);
  });

  test('booleans never equal numbers', async () => {
    expect(await q({ flag: true })).toEqual(['a', 'c']);
    expect(await q({ flag: false })).toEqual(['b']);
    expect(await q({ flag: 1 })).toEqual(['d']);
    expect(await q({ flag: _().neq(true) })).toEqual(['b', 'd']);
  });

  test('neq / nin / exists treat missing fields like MongoDB', async () => {
    expect(await q({ tag: _().neq('x') })).toEqual(['b', 'c', 'd']);
    expect(await q({ tag: _().nin(['x', 'y']) })).toEqual(['c', 'd']);
    expect(await q({ tag: _().exists(true) })).toEqual(['a', 'b']);
    expect(await q({ meta: _().exists(false) })).toEqual(['d']);
    expect(await q({ tag: null })).toEqual(['c', 'd']);
  });

  test('nested paths, by dot string or nested object', async () => {
    expect(await q({ 'meta.color': 'red' })).toEqual(['a', 'c']);
    expect(await q({ meta: { color: 'red', size: _().gt(2) } })).toEqual(['a']);
    expect(await q({ meta: _().eq({ color: 'blue', size: 1 }) })).toEqual(['b']);
  });

  test('and / or, top level and field level', async () => {
    expect(await q(_().or([{ n: 1 }, { tag: 'y' }]))).toEqual(['a', 'b']);
    expect(await q(_().and([{ flag: true }, { 'meta.size': _().lt(3) }]))).toEqual(['c']);
    expect(await q({ n: _().gt(1).and(_().lt(3)) })).toEqual(['b']);
    expect(await q({ n: _().lt(2).or(_().gt(2)) })).toEqual(['a', 'c']);
    expect(await q({ n: _().or([_().eq(1), _().eq(3)]), flag: true })).toEqual(['a', 'c']);
  });

  test('orderBy / skip / limit / field / count', async () => {
    const p = db.collection('p');
    const sorted = await p.where({ meta: _().exists(true) }).orderBy('meta.size', 'desc').get();
    expect(ids(sorted.data)).toEqual(['a', 'c', 'b']);
    const page = await p.orderBy('_id', 'desc').skip(1).limit(2).get();
    expect(ids(page.data)).toEqual(['c', 'b']);
    const slim = await p.where({ _id: 'a' }).field({ n: true, 'meta.color': true }).get();
    expect(slim.data).toEqual([{ _id: 'a', n: 1, meta: { color: 'red' } }]);
    const without = await p.where({ _id: 'b' }).field({ meta: false, tag: false }).get();
    expect(without.data).toEqual([{ _id: 'b', n: 2, flag: false }]);
    expect((await p.where({ flag: true }).count()).total).toBe(2);
    expect((await p.count()).total).toBe(4);
  });

  test('invalid queries throw at the call site', () => {
    const p = db.collection('p');
    expect(() => p.limit(1001)).toThrow(/1000/);
    expect(() => p.limit(0)).toThrow();
    expect(() => p.where({ n: _().gt(true) })).toThrow();
    expect(() => p.where({ n: /x/ })).toThrow(/RegExp/);
    expect(() => p.where({ n: 1 }).where({ n: 2 })).toThrow(/already/);
  });
});

describe('result caps', () => {
  beforeEach(async () => {
    const c = db.collection('many');
    for (let i = 0; i < 150; i++) await c.add({ data: { i } });
  });

  test('get() returns at most 100 by default, limit() up to 1000', async () => {
    const c = db.collection('many');
    expect((await c.get()).data).toHaveLength(100);
    expect((await c.limit(1000).get()).data).toHaveLength(150);
    expect((await c.orderBy('i', 'asc').skip(100).get()).data.map((d) => d.i)).toEqual(
      Array.from({ length: 50 }, (_, k) => 100 + k),
    );
    expect((await c.count()).total).toBe(150);
    expect(() => c.limit(1001)).toThrow();
  });
});

describe('bulk writes', () => {
  test('where().update is an atomic compare-and-set under concurrency', async () => {
    await db.collection('orders').add({ data: { _id: 'o1', status: 'PENDING', paidBy: null } });
    const attempts = Array.from({ length: 20 }, (_, i) =>
      db.collection('orders').where({ _id: 'o1', status: 'PENDING' }).update({ data: { status: 'PAID', paidBy: i } }),
    );
    const results = await Promise.all(attempts);
    const winners = results.map((r, i) => (r.stats.updated === 1 ? i : -1)).filter((i) => i >= 0);
    expect(winners).toHaveLength(1);
    expect((await db.collection('orders').doc('o1').get()).data).toMatchObject({ status: 'PAID', paidBy: winners[0] });
  });

  test('where().update counts only changed docs, where().remove removes matches', async () => {
    await seed('t', [{ k: 1, v: 'x' }, { k: 1, v: 'y' }, { k: 2, v: 'x' }]);
    const t = db.collection('t');
    expect((await t.where({ k: 1 }).update({ data: { v: 'x' } })).stats.updated).toBe(1);
    expect((await t.where({ v: 'x' }).count()).total).toBe(3);
    expect((await t.where({ k: 1 }).remove()).stats.removed).toBe(2);
    expect((await t.count()).total).toBe(1);
    await expect(t.limit(1).where({ k: 2 }).update({ data: { v: 'z' } })).rejects.toThrow(/limit/);
    await expect(t.update({ data: { v: 'z' } })).rejects.toThrow(/where/);
  });
});

describe('update commands', () => {
  const _ = () => db.command;
  beforeEach(() => seed('u', [{ _id: 'k', n: 2, tags: ['a'], obj: { a: 1, b: 2 }, gone: 1 }]));
  const get = async (): Promise<Doc> => (await db.collection('u').doc('k').get()).data;

  test('inc / mul / push / remove / set / nested paths', async () => {
    await db.collection('u').doc('k').update({
      data: { n: _().inc(3), fresh: _().inc(1), tags: _().push(['b', 'c']), gone: _().remove(), obj: { b: 5, c: 6 } },
    });
    expect(await get()).toEqual({ _id: 'k', n: 5, fresh: 1, tags: ['a', 'b', 'c'], obj: { a: 1, b: 5, c: 6 } });
    await db.collection('u').doc('k').update({ data: { n: _().mul(2), obj: _().set({ z: 1 }), 'list.0': 'first', tags: _().push('d') } });
    expect(await get()).toEqual({ _id: 'k', n: 10, fresh: 1, tags: ['a', 'b', 'c', 'd'], obj: { z: 1 }, list: { 0: 'first' } });
  });

  test('serverDate resolves to epoch ms at write time', async () => {
    const before = Date.now();
    await db.collection('u').doc('k').update({ data: { at: db.serverDate(), later: db.serverDate({ offset: 1000 }) } });
    const doc = await get();
    expect(typeof doc.at).toBe('number');
    expect(doc.at as number).toBeGreaterThanOrEqual(before);
    expect((doc.later as number) - (doc.at as number)).toBe(1000);
  });

  test('bad operand types fail and leave the doc untouched', async () => {
    await expect(db.collection('u').doc('k').update({ data: { tags: _().inc(1) } })).rejects.toThrow(/not a number/);
    await expect(db.collection('u').doc('k').update({ data: { n: _().push(1) } })).rejects.toThrow(/not an array/);
    await expect(db.collection('u').doc('k').update({ data: { obj: 1, 'obj.a': 2 } })).rejects.toThrow(/conflicting/);
    expect((await get()).n).toBe(2);
  });
});

describe('transactions', () => {
  const _ = () => db.command;
  beforeEach(() => seed('acc', [{ _id: 'a', bal: 100 }, { _id: 'b', bal: 0 }]));
  const bal = async (id: string): Promise<unknown> => (await db.collection('acc').doc(id).get()).data.bal;

  test('transfer commits, with read-your-writes inside', async () => {
    const seen = await db.runTransaction(async (tx) => {
      await tx.collection('acc').doc('a').update({ data: { bal: _().inc(-30) } });
      await tx.collection('acc').doc('b').update({ data: { bal: _().inc(30) } });
      await tx.collection('acc').add({ data: { _id: 'log1', amount: 30 } });
      const a = (await tx.collection('acc').doc('a').get()).data;
      const log = (await tx.collection('acc').doc('log1').get()).data;
      expect(await bal('a')).toBe(100); // not visible outside before commit
      return { a, log };
    });
    expect(seen).toEqual({ a: { _id: 'a', bal: 70 }, log: { _id: 'log1', amount: 30 } });
    expect([await bal('a'), await bal('b')]).toEqual([70, 30]);
  });

  test('update / missing get inside a transaction fail like CloudBase', async () => {
    await expect(db.runTransaction((tx) => tx.collection('acc').doc('zz').update({ data: { bal: 1 } }))).rejects.toThrow(/does not exist/);
    await expect(db.runTransaction((tx) => tx.collection('acc').doc('zz').get())).rejects.toThrow(/does not exist/);
  });

  test('a throwing callback writes nothing and is not retried', async () => {
    let runs = 0;
    const err = await rejection(
      db.runTransaction(async (tx) => {
        runs++;
        await tx.collection('acc').doc('a').update({ data: { bal: 0 } });
        await tx.collection('acc').add({ data: { _id: 'c', bal: 1 } });
        throw new Error('boom');
      }),
    );
    expect(err).toEqual(new Error('boom'));
    expect(runs).toBe(1);
    expect(await bal('a')).toBe(100);
    await expect(db.collection('acc').doc('c').get()).rejects.toThrow(/does not exist/);
  });

  test('rollback(reason) rejects with exactly that reason', async () => {
    const reason = await rejection(
      db.runTransaction(async (tx) => {
        await tx.collection('acc').doc('a').update({ data: { bal: 1 } });
        await tx.rollback(-100);
      }),
    );
    expect(reason).toBe(-100);
    expect(await bal('a')).toBe(100);
  });

  test('where() and other queries inside a transaction throw', async () => {
    await expect(db.runTransaction(async (tx) => tx.collection('acc').where({ bal: 0 }))).rejects.toThrow(/single-document/);
    await expect(db.runTransaction(async (tx) => tx.collection('acc').count())).rejects.toThrow(/single-document/);
  });

  test('forced commit conflicts carry the SDK code and are re-run by runTransaction, at most times + 1 attempts', async () => {
    let runs = 0;
    const inc = (tx: Transaction) => { runs++; return tx.collection('acc').doc('a').update({ data: { bal: _().inc(1) } }); };
    db.forceConflicts(3);
    await db.runTransaction(inc);
    expect(runs).toBe(4); // times = 3: the SDK makes up to four attempts
    expect(await bal('a')).toBe(101);

    runs = 0;
    db.forceConflicts(4);
    const e = (await rejection(db.runTransaction(inc))) as { errCode: number; code: string; message: string };
    expect(runs).toBe(4);
    expect(e.code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(isConflictError(e)).toBe(true);
    expect(await bal('a')).toBe(101);

    runs = 0;
    db.forceConflicts(1);
    await expect(db.runTransaction(inc, 0)).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
    expect(runs).toBe(1);
  });

  test('a conflict raised inside the callback is -501001 TransactionConflict with no code, and the SDK does not re-run it', async () => {
    let runs = 0;
    db.forceConflicts(1, 'in_callback');
    const e = (await rejection(db.runTransaction(async (tx) => {
      runs++;
      await tx.collection('acc').doc('a').update({ data: { bal: 1 } });
    }))) as { errCode: number; code: unknown; message: string };
    expect(runs).toBe(1);
    expect(e.errCode).toBe(-501001);
    expect(e.code).toBeUndefined();
    expect(e.message).toContain('[ResourceUnavailable.TransactionConflict]');
    expect(e.message).not.toContain('DATABASE_TRANSACTION_CONFLICT');
    expect(isConflictError(e)).toBe(true);
    expect(await bal('a')).toBe(100);
  });

  test('reads see the snapshot taken when the transaction began, whatever commits meanwhile', async () => {
    const step = gate();
    const seen = db.runTransaction(async (tx) => {
      const first = (await tx.collection('acc').doc('a').get<{ bal: number }>()).data.bal;
      await step.wait;
      const again = (await tx.collection('acc').doc('a').get<{ bal: number }>()).data.bal;
      const gone = (await tx.collection('acc').doc('b').get<{ bal: number }>()).data.bal; // removed meanwhile
      return [first, again, gone];
    });
    await settle();
    await db.collection('acc').doc('a').update({ data: { bal: 5 } });
    await db.collection('acc').doc('b').remove();
    step.open();
    expect(await seen).toEqual([100, 100, 0]);
    expect(await bal('a')).toBe(5);
  });

  test('a write to a document another open transaction wrote fails at once, and is not re-run by the SDK', async () => {
    const hold = gate();
    const first = db.runTransaction(async (tx) => {
      await tx.collection('acc').doc('a').update({ data: { bal: 1 } });
      await hold.wait;
    });
    await settle();
    let runs = 0;
    const e = await rejection(db.runTransaction(async (tx) => {
      runs++;
      const seen = (await tx.collection('acc').doc('a').get<{ bal: number }>()).data.bal;
      expect(seen).toBe(100); // the other transaction's write is not visible
      await tx.collection('acc').doc('a').update({ data: { bal: 2 } });
    }));
    expect(runs).toBe(1);
    expect(isConflictError(e)).toBe(true);
    expect((e as { code?: unknown }).code).toBeUndefined();
    hold.open();
    await first;
    expect(await bal('a')).toBe(1);
  });

  test('a write to a document committed after the snapshot fails (first committer wins)', async () => {
    const step = gate();
    const late = db.runTransaction(async (tx) => {
      const { data } = await tx.collection('acc').doc('a').get<{ bal: number }>();
      await step.wait;
      await tx.collection('acc').doc('a').set({ data: { bal: data.bal + 1 } });
    });
    await settle();
    await db.runTransaction((tx) => tx.collection('acc').doc('a').update({ data: { bal: 50 } }));
    step.open();
    expect(isConflictError(await rejection(late))).toBe(true);
    expect(await bal('a')).toBe(50);
  });

  test('reads are not validated at commit: two transactions read A and B and each writes the other one — both commit (write skew)', async () => {
    const both = gate();
    // Each sets its target to A + B as it read them. Serially: (200, 100) or (100, 200).
    const sumInto = (target: 'a' | 'b') => db.runTransaction(async (tx) => {
      const a = (await tx.collection('acc').doc('a').get<{ bal: number }>()).data.bal;
      const b = (await tx.collection('acc').doc('b').get<{ bal: number }>()).data.bal;
      await both.wait;
      await tx.collection('acc').doc(target).update({ data: { bal: a + b } });
    });
    const runs = [sumInto('b'), sumInto('a')];
    await settle();
    both.open();
    await Promise.all(runs);
    expect([await bal('a'), await bal('b')]).toEqual([100, 100]); // no serial order gives this: CloudBase allows it
  });

  test('a write outside a transaction waits for the lock, then applies on top of the commit; bounded by lockWaitMs', async () => {
    const hold = gate();
    const tx = db.runTransaction(async (t) => {
      await t.collection('acc').doc('a').update({ data: { bal: 1 } });
      await hold.wait;
    });
    await settle();
    let applied = false;
    const outside = db.collection('acc').doc('a').update({ data: { bal: _().inc(5) } }).then((r) => { applied = true; return r; });
    await settle();
    expect(applied).toBe(false);
    hold.open();
    await tx;
    await outside;
    expect(await bal('a')).toBe(6);

    const quick = new LocalDatabase({ lockWaitMs: 30 });
    await quick.collection('acc').add({ data: { _id: 'x', bal: 0 } });
    const never = gate();
    const stuck = quick.runTransaction(async (t) => {
      await t.collection('acc').doc('x').update({ data: { bal: 1 } });
      await never.wait;
    });
    await settle();
    const busy = await rejection(quick.collection('acc').where({ _id: 'x' }).update({ data: { bal: 2 } }));
    expect(String((busy as Error).message)).toContain('TransactionBusy');
    expect(isConflictError(busy)).toBe(true);
    never.open();
    await stuck;
    quick.close();
  });

  test('concurrent read-modify-write transactions never lose an update; the losers fail with conflicts', async () => {
    const incr = () =>
      db.runTransaction(async (tx) => {
        const { data } = await tx.collection('acc').doc('b').get<{ bal: number }>();
        await tx.collection('acc').doc('b').set({ data: { bal: data.bal + 1 } });
        return data.bal + 1;
      });
    const many = await Promise.allSettled(Array.from({ length: 20 }, incr));
    const ok = many.filter((r) => r.status === 'fulfilled').length;
    for (const r of many) if (r.status === 'rejected') expect(isConflictError(r.reason)).toBe(true);
    expect(ok).toBeGreaterThanOrEqual(1);
    expect(ok).toBeLessThan(20);
    expect(await bal('b')).toBe(ok);
  });

  test('adding an _id another open transaction added conflicts; once it committed, adding it is a duplicate', async () => {
    const hold = gate();
    const first = db.runTransaction(async (tx) => {
      await tx.collection('acc').add({ data: { _id: 'new', bal: 1 } });
      await hold.wait;
    });
    await settle();
    const racing = await rejection(db.runTransaction((tx) => tx.collection('acc').add({ data: { _id: 'new', bal: 2 } })));
    expect(isConflictError(racing)).toBe(true);
    expect(isDuplicateError(racing)).toBe(false);
    hold.open();
    await first;
    const later = await rejection(db.runTransaction((tx) => tx.collection('acc').add({ data: { _id: 'new', bal: 3 } })));
    expect(isDuplicateError(later)).toBe(true);
    expect(await bal('new')).toBe(1);
  });

  test('get-or-add transactions racing: one adds, the other conflicts and, re-run, reads the winner', async () => {
    const getOrAdd = async (who: string) => {
      for (;;) {
        try {
          return await db.runTransaction(async (tx) => {
            try {
              return (await tx.collection('acc').doc('once').get()).data;
            } catch (e) {
              if (!isNotFoundError(e)) throw e;
            }
            await tx.collection('acc').add({ data: { _id: 'once', who } });
            return { _id: 'once', who };
          });
        } catch (e) {
          if (!isConflictError(e)) throw e;
        }
      }
    };
    const [x, y] = await Promise.all([getOrAdd('x'), getOrAdd('y')]);
    expect(x).toEqual(y);
    expect((await db.collection('acc').doc('once').get()).data).toEqual(x);
  });

  test('a long transaction keeps its snapshot while hundreds of others commit and end', async () => {
    const step = gate();
    const long = db.runTransaction(async (tx) => {
      await tx.collection('acc').doc('c0').get().catch(() => null);
      await step.wait;
      const a = (await tx.collection('acc').doc('a').get<{ bal: number }>()).data.bal;
      const created = await tx.collection('acc').doc('c1').get().then(() => true, () => false);
      return { a, created };
    });
    await settle();
    for (let i = 0; i < 300; i += 1) {
      await db.runTransaction((tx) => tx.collection('acc').doc('a').update({ data: { bal: _().inc(1) } }));
      if (i === 10) await db.collection('acc').add({ data: { _id: 'c1', bal: 0 } });
    }
    step.open();
    expect(await long).toEqual({ a: 100, created: false });
    expect(await bal('a')).toBe(400);
  });

  test('latencyMsPerOp delays every round trip', async () => {
    db.latencyMsPerOp = 25;
    const t0 = Date.now();
    await db.collection('acc').doc('a').get();
    await db.runTransaction((tx) => tx.collection('acc').doc('a').get());
    // get = 1 round trip; the transaction = start + get + commit
    expect(Date.now() - t0).toBeGreaterThanOrEqual(4 * 25 - 5);
    expect(() => { db.latencyMsPerOp = -1; }).toThrow();
    db.latencyMsPerOp = 0;
  });
});

/** Lets every pending round trip of the other flows run (no latency: a few event-loop turns). */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await new Promise((r) => setImmediate(r));
}

function gate(): { wait: Promise<void>; open: () => void } {
  let open = () => undefined as void;
  const wait = new Promise<void>((resolve) => { open = resolve; });
  return { wait, open };
}

describe('op counting', () => {
  test('each call is one read or one write, transactions included', async () => {
    const c = db.collection('c');
    await c.add({ data: { _id: 'x', n: 1 } });
    await c.doc('x').get();
    await c.where({ n: 1 }).get();
    await c.count();
    await c.where({ n: 1 }).update({ data: { n: 2 } });
    await c.doc('x').set({ data: { n: 3 } });
    await c.doc('x').update({ data: { n: 4 } });
    await c.where({ n: 9 }).remove();
    expect(ops).toEqual({ reads: 3, writes: 5 });

    await db.runTransaction(async (tx) => {
      await tx.collection('c').doc('x').get();
      await tx.collection('c').doc('x').update({ data: { n: 5 } });
      await tx.collection('c').add({ data: { n: 6 } });
    });
    expect(ops).toEqual({ reads: 4, writes: 7 });
  });
});

describe('file storage', () => {
  test('persists across instances in WAL mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'localdb-'));
    const filename = join(dir, 'db.sqlite');
    try {
      const first = new LocalDatabase({ filename });
      expect(first.raw().pragma('journal_mode', { simple: true })).toBe('wal');
      await first.collection('c').add({ data: { _id: 'k', v: 1 } });
      first.close();
      const second = new LocalDatabase({ filename });
      expect((await second.collection('c').doc('k').get()).data).toEqual({ _id: 'k', v: 1 });
      second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
