/**
 * The first row of each phone number of a file: an open-addressing hash table on typed arrays.
 * A Map of 200,000 numbers costs ~10 MiB and, as the file is read, repeated rehashing and
 * garbage collection; this costs 12 bytes a slot and no garbage. Phones are E.164 digits held
 * as numbers: at most 15 digits, so exact, and never 0 (0 marks an empty slot).
 */
export class PhoneFirstRows {
  private phones = new Float64Array(1024);
  private rows = new Int32Array(1024);
  private size = 0;

  /** The first row seen with `phone`, or undefined after recording `row` as its first. */
  firstOrRecord(phone: number, row: number): number | undefined {
    if (!Number.isSafeInteger(phone) || phone <= 0) {
      throw new RangeError(`not a phone number: ${phone}`);
    }
    const slot = this.slotOf(phone);
    if (this.phones[slot] === phone) return this.rows[slot];
    this.phones[slot] = phone;
    this.rows[slot] = row;
    this.size += 1;
    if (this.size * 2 > this.phones.length) this.grow();
    return undefined;
  }

  /** The slot holding `phone`, else the empty slot where it belongs. */
  private slotOf(phone: number): number {
    const mask = this.phones.length - 1;
    // Mixes the low and high 32 bits (Knuth's multiplicative hash).
    let slot =
      Math.imul((phone % 0x100000000) ^ Math.floor(phone / 0x100000000), 0x9e3779b1) & mask;
    while (this.phones[slot] !== 0 && this.phones[slot] !== phone) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const phones = this.phones;
    const rows = this.rows;
    this.phones = new Float64Array(phones.length * 2);
    this.rows = new Int32Array(rows.length * 2);
    for (let i = 0; i < phones.length; i += 1) {
      const phone = phones[i] ?? 0;
      if (phone === 0) continue;
      const slot = this.slotOf(phone);
      this.phones[slot] = phone;
      this.rows[slot] = rows[i] ?? 0;
    }
  }
}
