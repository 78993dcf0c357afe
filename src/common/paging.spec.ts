import { AppError } from './app-error';
import { DEFAULT_PAGE_SIZE, pageOf, pageOfList, pageRequest } from './paging';

describe('pageRequest', () => {
  it('asks for 100 items from the start unless told otherwise', () => {
    expect(pageRequest({})).toEqual({
      limit: DEFAULT_PAGE_SIZE,
      after: undefined,
      offset: undefined,
    });
  });

  it.each([
    [{ limit: 0 }, /limit must be a whole number from 1 to 1000 \(got 0\)/],
    [{ limit: 1001 }, /limit must be a whole number from 1 to 1000/],
    [{ limit: 2.5 }, /limit must be/],
    [{ after: 0 }, /after must be a whole number of at least 1/],
    [{ offset: -1 }, /offset must be a whole number of at least 0/],
    [{ after: 3, offset: 3 }, /either after .* or offset, not both/],
  ])('refuses %j', (input, message) => {
    expect(() => pageRequest(input)).toThrow(AppError);
    expect(() => pageRequest(input)).toThrow(message);
  });
});

describe('pageOf', () => {
  const rows = [{ id: 9 }, { id: 7 }, { id: 4 }];

  it('keeps the page and names the last id as the next cursor when a row more was fetched', () => {
    expect(pageOf(rows, { limit: 2 }, (r) => r.id)).toEqual({
      items: [{ id: 9 }, { id: 7 }],
      next: { after: 7 },
    });
  });

  it('continues an offset page with the next offset', () => {
    expect(pageOf(rows, { limit: 2, offset: 4 }, (r) => r.id)).toEqual({
      items: [{ id: 9 }, { id: 7 }],
      next: { offset: 6 },
    });
  });

  it('has no next page when no row more came back', () => {
    expect(pageOf(rows, { limit: 3 }, (r) => r.id).next).toBeNull();
    expect(pageOf([], { limit: 3 }, (r: { id: number }) => r.id)).toEqual({
      items: [],
      next: null,
    });
  });
});

describe('pageOfList', () => {
  it('pages a short list by offset', () => {
    const all = ['a', 'b', 'c', 'd', 'e'];
    expect(pageOfList(all, { limit: 2 })).toEqual({ items: ['a', 'b'], next: { offset: 2 } });
    expect(pageOfList(all, { limit: 2, offset: 4 })).toEqual({ items: ['e'], next: null });
  });
});
