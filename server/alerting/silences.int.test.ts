import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, postgresSkipReason } from '../../test/support/postgres.js';
import { openMetaDb, type MetaDb, type MetaParams } from '../meta/index.js';
import { ackAlert, currentAcks } from './acks.js';
import { activeSilences, createSilence, expireSilence, listSilences } from './silences.js';

const pgSkip = postgresSkipReason();
const at = (iso: string) => Date.parse(`2026-12-02T${iso}Z`);

/** Silences and acknowledgements on both metadata backends, each reopened to show they persist. */
const backends = [
  {
    name: 'PGlite',
    skip: undefined,
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'octolens-silences-'));
      return { params: { dataDir: dir } as MetaParams, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'PostgreSQL',
    skip: pgSkip,
    open: async () => {
      const database = await createTestDatabase();
      return { params: { databaseUrl: database.url, dataDir: '/nonexistent' } as MetaParams, cleanup: database.drop };
    },
  },
];

describe.each(backends)('silences and acknowledgements on $name', ({ skip, open }) => {
  let db: MetaDb;
  let params: MetaParams;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    if (skip) return;
    ({ params, cleanup } = await open());
    db = await openMetaDb(params);
  });
  afterAll(async () => {
    await db?.destroy();
    await cleanup?.();
  });

  it.skipIf(skip)('a silence is pending, active, then expired by its end; it outlives a reopen of the store', async () => {
    const matchers = [{ label: 'service', op: '=' as const, value: 'checkout' }];
    const created = await createSilence({ db, nowMs: at('10:00:00'), input: { matchers, startsAt: new Date(at('10:30:00')), endsAt: new Date(at('11:00:00')), comment: 'deploying', createdBy: 'ana' } });
    expect(created).toMatchObject({ matchers, startsAt: '2026-12-02T10:30:00.000Z', endsAt: '2026-12-02T11:00:00.000Z', comment: 'deploying', createdBy: 'ana', state: 'pending', expiredAt: null });

    await db.destroy();
    db = await openMetaDb(params);

    expect(await activeSilences(db, at('10:29:59'))).toEqual([]);
    expect(await activeSilences(db, at('10:30:00'))).toEqual([{ id: created.id, matchers, startsAtMs: at('10:30:00'), endsAtMs: at('11:00:00') }]);
    expect((await listSilences({ db, nowMs: at('10:45:00') })).map((s) => [s.id, s.state])).toEqual([[created.id, 'active']]);
    expect(await activeSilences(db, at('11:00:00'))).toEqual([]);
    expect((await listSilences({ db, nowMs: at('11:00:00') })).map((s) => [s.id, s.state])).toEqual([[created.id, 'expired']]);
    // listed for a week after its end, then no more
    expect(await listSilences({ db, nowMs: at('11:00:00') + 7 * 86_400_000 })).toEqual([]);
  });

  it.skipIf(skip)('expiring ends an active silence now and keeps it on record; a pending one never starts', async () => {
    const input = (startsAt: string) => ({ matchers: [{ label: 'octolens_alert', op: '=' as const, value: 'shop:page-fast' }], startsAt: new Date(at(startsAt)), endsAt: new Date(at('14:00:00')), comment: 'noisy', createdBy: 'bo' });
    const active = await createSilence({ db, nowMs: at('12:00:00'), input: input('12:00:00') });
    const pending = await createSilence({ db, nowMs: at('12:00:00'), input: input('13:00:00') });
    expect((await expireSilence({ db, id: active.id, nowMs: at('12:10:00') }))).toMatchObject({ state: 'expired', startsAt: '2026-12-02T12:00:00.000Z', endsAt: '2026-12-02T12:10:00.000Z', expiredAt: '2026-12-02T12:10:00.000Z' });
    expect((await expireSilence({ db, id: pending.id, nowMs: at('12:10:00') }))).toMatchObject({ state: 'expired', startsAt: '2026-12-02T12:10:00.000Z', endsAt: '2026-12-02T12:10:00.000Z' });
    // expiring again changes nothing
    expect((await expireSilence({ db, id: active.id, nowMs: at('12:20:00') }))?.endsAt).toBe('2026-12-02T12:10:00.000Z');
    expect(await expireSilence({ db, id: 'no-such-silence', nowMs: at('12:20:00') })).toBeNull();
    expect(await activeSilences(db, at('13:30:00'))).toEqual([]);
    const listed = await listSilences({ db, nowMs: at('12:20:00') });
    expect(listed.filter((s) => [active.id, pending.id].includes(s.id)).map((s) => s.state)).toEqual(['expired', 'expired']);
  });

  it.skipIf(skip)('an acknowledgement belongs to the episode it was made in', async () => {
    await ackAlert({ db, input: { alertId: 'shop:page-fast', by: 'ana', comment: 'looking', at: new Date(at('15:00:00')) } });
    await ackAlert({ db, input: { alertId: 'shop:page-fast', by: 'bo', comment: '', at: new Date(at('15:05:00')) } });
    await db.destroy();
    db = await openMetaDb(params);
    // firing since 14:55: the latest acknowledgement counts
    expect(await currentAcks(db, new Map([['shop:page-fast', at('14:55:00')]]))).toEqual(new Map([['shop:page-fast', { by: 'bo', at: '2026-12-02T15:05:00.000Z', comment: '' }]]));
    // firing again since 16:00: not acknowledged
    expect(await currentAcks(db, new Map([['shop:page-fast', at('16:00:00')]]))).toEqual(new Map());
  });
});
