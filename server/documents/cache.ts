import { sha256Hex } from "../../shared/util/hash";

/**
 * Documents by state version: the key is the SHA-256 of everything that goes into the document (the
 * renderer's whole input), so the same state is rendered once and every reader gets the same bytes,
 * and any change (a score, a signature, the journal head) is a new version. Requests for a version
 * being rendered wait for that one render. A few recent versions are kept (least recently used out).
 */
export class DocumentCache {
  private readonly entries = new Map<string, Promise<Buffer>>();

  constructor(private readonly capacity = 32) {}

  static keyOf(kind: string, input: unknown): string {
    return sha256Hex(`${kind}\n${JSON.stringify(input)}`);
  }

  get(key: string, make: () => Promise<Buffer>): Promise<Buffer> {
    const hit = this.entries.get(key);
    if (hit) {
      // Most recently used goes last.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const made = make();
    this.entries.set(key, made);
    // A failed render (or a refusal when busy) is not kept: the next request tries again.
    made.catch(() => {
      if (this.entries.get(key) === made) this.entries.delete(key);
    });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return made;
  }

  clear(): void {
    this.entries.clear();
  }
}
