// A stand-in for the browser's localStorage in the JavaScript unit tests (not a test file itself).

/** The Web Storage interface (what localStorage offers), holding at most `quota` entries. */
export class Storage {
  constructor(entries = {}, quota = Infinity) {
    this.map = new Map(Object.entries(entries));
    this.quota = quota;
  }
  get length() {
    return this.map.size;
  }
  key(index) {
    return [...this.map.keys()][index] ?? null;
  }
  getItem(key) {
    return this.map.has(key) ? this.map.get(key) : null;
  }
  setItem(key, value) {
    if (!this.map.has(key) && this.map.size >= this.quota) throw new DOMException("full", "QuotaExceededError");
    this.map.set(key, String(value));
  }
  removeItem(key) {
    this.map.delete(key);
  }
  entries() {
    return Object.fromEntries(this.map);
  }
}
