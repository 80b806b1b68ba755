import type { ChangeEntry, ChangeKind, ModelKey } from "@atsync/core/storage";

const KINDS: readonly ChangeKind[] = ["created", "updated", "deleted"];

/**
 * One integration's change feed, held column-wise: per entry a slot in each of four arrays (the
 * model, id and timestamp strings shared with the rows and the page that wrote them) and a kind
 * byte; the cursor is the entry's position (1-based) and the integration id is the owner's. An
 * entry is built as a `ChangeEntry` only when read.
 */
export class ChangeLog {
  private readonly models: ModelKey[] = [];
  private readonly recordIds: string[] = [];
  private readonly remoteIds: string[] = [];
  private readonly ats: string[] = [];
  private kinds = new Uint8Array(1024);

  constructor(private readonly integrationId: string) {}

  /** Entries appended so far (the cursor of the last one). */
  get length(): number {
    return this.recordIds.length;
  }

  /** Appends one entry; returns it as read back. */
  append(model: ModelKey, recordId: string, remoteId: string, kind: ChangeKind, at: string): ChangeEntry {
    const i = this.recordIds.length;
    if (i === this.kinds.length) {
      const grown = new Uint8Array(this.kinds.length * 2);
      grown.set(this.kinds);
      this.kinds = grown;
    }
    this.models.push(model);
    this.recordIds.push(recordId);
    this.remoteIds.push(remoteId);
    this.ats.push(at);
    this.kinds[i] = KINDS.indexOf(kind);
    return this.entry(i);
  }

  /** Entries at positions `from` (0-based, inclusive) to `to` (exclusive), fresh objects. */
  slice(from: number, to: number): ChangeEntry[] {
    const out: ChangeEntry[] = [];
    for (let i = from; i < Math.min(to, this.length); i++) out.push(this.entry(i));
    return out;
  }

  private entry(i: number): ChangeEntry {
    return {
      cursor: String(i + 1),
      integration_id: this.integrationId,
      model: this.models[i] as ModelKey,
      record_id: this.recordIds[i] as string,
      remote_id: this.remoteIds[i] as string,
      kind: KINDS[this.kinds[i] as number] as ChangeKind,
      at: this.ats[i] as string,
    };
  }
}
