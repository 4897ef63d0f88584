/**
 * File texts by repository and git blob SHA, least recently used first out. A blob SHA names its
 * content, so a text read once stays right for every later run that lists the same blob: a push to a
 * pull request, a recheck or a re-run reads again only the files that changed.
 */
export class BlobCache {
  private readonly entries = new Map<string, string>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(repo: string, sha: string | null | undefined): string | undefined {
    if (!sha) return undefined;
    const key = `${repo}@${sha}`;
    const text = this.entries.get(key);
    if (text === undefined) return undefined;
    // Refresh its place in the order.
    this.entries.delete(key);
    this.entries.set(key, text);
    return text;
  }

  set(repo: string, sha: string | null | undefined, text: string): void {
    const size = text.length * 2;
    if (!sha || size > this.maxBytes / 4) return;
    const key = `${repo}@${sha}`;
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.entries.delete(key);
      this.bytes -= old.length * 2;
    }
    this.entries.set(key, text);
    this.bytes += size;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.length * 2;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
