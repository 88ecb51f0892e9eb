import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError, type TargetConnector } from '../../src/connectors/target-connector.js';

/** One connector wired to its emulator, fresh for each case. */
export interface ConformanceSubject {
  readonly connector: TargetConnector;
  /** The object the cases write, e.g. HubSpot `contacts`, Salesforce `Contact`. */
  readonly object: string;
  readonly fields: {
    /** The anchor property the connector upserts on. */
    readonly anchor: string;
    /** A plain text property. */
    readonly text: string;
    /** A property the target keeps unique and reads by value (HubSpot contact `email`), if any. */
    readonly unique?: string;
    /** A property found only through the target's search (lagged), if any. */
    readonly searched?: string;
  };
  /** Lets the target's search catch up with the writes made so far (e.g. advance the emulator clock). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The behaviour every `TargetConnector` must show against its emulator. Cases that need a field the
 * subject does not have are skipped with the reason in their name.
 */
export function describeTargetConnectorConformance(
  name: string,
  factory: () => Promise<ConformanceSubject>,
): void {
  describe(`TargetConnector conformance: ${name}`, () => {
    let subject: ConformanceSubject;
    beforeEach(async () => {
      subject = await factory();
    });
    afterEach(async () => {
      await subject.close();
    });

    it('creates a record and reads it back by id; unknown ids are left out', async () => {
      const { connector, object, fields } = subject;
      const created = await connector.create(object, { [fields.text]: 'Ann' });
      expect(created.id).not.toBe('');
      const read = await connector.read(object, [created.id, '999999999'], [fields.text]);
      expect(read).toHaveLength(1);
      expect(read[0]?.id).toBe(created.id);
      expect(read[0]?.properties[fields.text]).toBe('Ann');
    });

    it('upserts by anchor: the first call creates, a repeat updates the same record', async () => {
      const { connector, object, fields } = subject;
      const first = await connector.upsertByAnchor(object, 'entity-1', { [fields.text]: 'Ann' });
      const again = await connector.upsertByAnchor(object, 'entity-1', { [fields.text]: 'Anna' });
      expect(first.created).toBe(true);
      expect(again).toEqual({ id: first.id, created: false });
      const all = await connector.listAll(object, [fields.text]);
      expect(all.filter((r) => r.id === first.id)).toHaveLength(1);
      expect(all.find((r) => r.id === first.id)?.properties[fields.text]).toBe('Anna');
      expect(all).toHaveLength(1);
    });

    it('updates a record, and reports an unknown id as not_found', async () => {
      const { connector, object, fields } = subject;
      const created = await connector.create(object, { [fields.text]: 'Ann' });
      const updated = await connector.update(object, created.id, { [fields.text]: 'Anna' });
      expect(updated.id).toBe(created.id);
      expect(updated.properties[fields.text]).toBe('Anna');
      await expect(connector.update(object, '999999999', { [fields.text]: 'X' })).rejects.toMatchObject({
        kind: 'not_found',
      });
    });

    it('lists every record', async () => {
      const { connector, object, fields } = subject;
      const ids = [];
      for (let i = 0; i < 7; i += 1)
        ids.push((await connector.create(object, { [fields.text]: `N${i}` })).id);
      const all = await connector.listAll(object, [fields.text]);
      expect(all.map((r) => r.id).sort()).toEqual([...ids].sort());
    });

    it('finds a record by its anchor at once', async () => {
      const { connector, object, fields } = subject;
      const { id } = await connector.upsertByAnchor(object, 'entity-7', {});
      const found = await connector.findByKeys(object, [{ property: fields.anchor, value: 'entity-7' }]);
      expect(found.map((r) => r.id)).toEqual([id]);
      expect(found[0]?.properties[fields.anchor]).toBe('entity-7');
      expect(await connector.findByKeys(object, [{ property: fields.anchor, value: 'nobody' }])).toEqual([]);
    });

    it('unique property: a taken value is a conflict naming the holder, and is found at once', async (ctx) => {
      const { connector, object, fields } = subject;
      if (fields.unique === undefined) return ctx.skip('no unique-value property on this target');
      const first = await connector.create(object, { [fields.unique]: 'ann@example.com' });
      const error = await connector
        .create(object, { [fields.unique]: 'ann@example.com' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectorError);
      expect(error).toMatchObject({ kind: 'conflict', existingId: first.id });
      const found = await connector.findByKeys(object, [
        { property: fields.unique, value: 'ann@example.com' },
      ]);
      expect(found.map((r) => r.id)).toEqual([first.id]);
    });

    it('searched property: found once the target has indexed the write', async (ctx) => {
      const { connector, object, fields } = subject;
      if (fields.searched === undefined) return ctx.skip('no search-only property on this target');
      const a = await connector.create(object, { [fields.searched]: '+15550001' });
      const b = await connector.create(object, { [fields.searched]: '+15550002' });
      await connector.create(object, { [fields.searched]: '+15550003' });
      await subject.settle();
      const found = await connector.findByKeys(object, [
        { property: fields.searched, value: '+15550001' },
        { property: fields.searched, value: '+15550002' },
      ]);
      expect(found.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    });

    it('upserts many by anchor in one call: one outcome per input, in order; a refused input fails alone', async (ctx) => {
      const { connector, object, fields } = subject;
      expect(connector.batchLimit).toBeGreaterThanOrEqual(2);
      const before = connector.apiCalls;
      const first = await connector.upsertManyByAnchor(object, [
        { entityId: 'entity-a', properties: { [fields.text]: 'Ann' } },
        { entityId: 'entity-b', properties: { [fields.text]: 'Bob' } },
      ]);
      expect(connector.apiCalls).toBe(before + 1);
      expect(first.map((o) => o.ok && o.value.created)).toEqual([true, true]);
      const again = await connector.upsertManyByAnchor(object, [
        { entityId: 'entity-b', properties: { [fields.text]: 'Robert' } },
        { entityId: 'entity-c', properties: { [fields.text]: 'Cy' } },
      ]);
      const idOf = (o: (typeof first)[number] | undefined): string | undefined =>
        o?.ok ? o.value.id : undefined;
      expect(again[0]).toEqual({ ok: true, value: { id: idOf(first[1]), created: false } });
      expect(again[1]?.ok && again[1].value.created).toBe(true);
      const all = await connector.listAll(object, [fields.text]);
      expect(all.find((r) => r.id === idOf(first[1]))?.properties[fields.text]).toBe('Robert');
      expect(all).toHaveLength(3);
      if (fields.unique === undefined) return ctx.skip('no unique-value property on this target');
      const holder = await connector.create(object, { [fields.unique]: 'held@example.com' });
      const mixed = await connector.upsertManyByAnchor(object, [
        { entityId: 'entity-d', properties: { [fields.unique]: 'held@example.com' } },
        { entityId: 'entity-e', properties: { [fields.text]: 'Eve' } },
      ]);
      expect(mixed[0]).toMatchObject({ ok: false, error: { kind: 'conflict', existingId: holder.id } });
      expect(mixed[1]?.ok).toBe(true);
    });

    it('updates many in one call; an unknown id is not_found for that input only', async () => {
      const { connector, object, fields } = subject;
      const a = await connector.create(object, { [fields.text]: 'Ann' });
      const b = await connector.create(object, { [fields.text]: 'Bob' });
      const before = connector.apiCalls;
      const outcomes = await connector.updateMany(object, [
        { id: b.id, properties: { [fields.text]: 'Robert' } },
        { id: '999999999', properties: { [fields.text]: 'X' } },
        { id: a.id, properties: { [fields.text]: 'Anna' } },
      ]);
      expect(connector.apiCalls).toBe(before + 1);
      expect(outcomes[0]).toMatchObject({
        ok: true,
        value: { id: b.id, properties: { [fields.text]: 'Robert' } },
      });
      expect(outcomes[1]).toMatchObject({ ok: false, error: { kind: 'not_found' } });
      expect(outcomes[2]).toMatchObject({ ok: true, value: { id: a.id } });
      const read = await connector.read(object, [a.id], [fields.text]);
      expect(read[0]?.properties[fields.text]).toBe('Anna');
    });

    it('tells whether a record holds a probe value as its lookups compare', async () => {
      const { connector, object, fields } = subject;
      const { id } = await connector.upsertByAnchor(object, 'entity-9', { [fields.text]: 'Ann' });
      const [record] = await connector.findByKeys(
        object,
        [{ property: fields.anchor, value: 'entity-9' }],
        [fields.text],
      );
      expect(record?.id).toBe(id);
      expect(connector.holdsValue(record!, { property: fields.anchor, value: 'entity-9' })).toBe(true);
      expect(connector.holdsValue(record!, { property: fields.anchor, value: 'entity-8' })).toBe(false);
      expect(connector.holdsValue(record!, { property: 'no_such_property', value: 'entity-9' })).toBe(false);
    });

    it('counts its API calls', async () => {
      const { connector, object, fields } = subject;
      const before = connector.apiCalls;
      await connector.create(object, { [fields.text]: 'Ann' });
      await connector.listAll(object);
      expect(connector.apiCalls).toBeGreaterThanOrEqual(before + 2);
    });
  });
}
