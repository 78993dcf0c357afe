import { PhoneFirstRows } from './phone-first-rows';

describe('PhoneFirstRows', () => {
  it('answers the first row of a phone seen before, and records a new one', () => {
    const phones = new PhoneFirstRows();
    expect(phones.firstOrRecord(231886123456, 2)).toBeUndefined();
    expect(phones.firstOrRecord(250788123456, 3)).toBeUndefined();
    expect(phones.firstOrRecord(231886123456, 9)).toBe(2);
    expect(phones.firstOrRecord(231886123456, 12)).toBe(2);
    expect(phones.firstOrRecord(250788123456, 10)).toBe(3);
  });

  it('keeps every phone through growth, including ones that collide', () => {
    const phones = new PhoneFirstRows();
    const count = 50_000;
    // Numbers 2^32 apart share their low bits; consecutive ones share their high bits.
    const phoneOf = (i: number): number =>
      i % 2 === 0 ? 231_770_000_000 + i : 231_770_000_000 + ((i * 0x100000000) % 1e14);
    for (let i = 0; i < count; i += 1)
      expect(phones.firstOrRecord(phoneOf(i), i + 2)).toBeUndefined();
    for (let i = 0; i < count; i += 1) expect(phones.firstOrRecord(phoneOf(i), 0)).toBe(i + 2);
  });

  it('refuses what cannot be a phone, instead of confusing it with an empty slot', () => {
    const phones = new PhoneFirstRows();
    expect(() => phones.firstOrRecord(0, 2)).toThrow(RangeError);
    expect(() => phones.firstOrRecord(2 ** 60, 2)).toThrow(RangeError);
  });
});
