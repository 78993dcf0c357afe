import { encodingIssues } from './mixed-encoding';

const headerOf = (column: number): string => ['Name', 'Phone', 'Amount'][column] ?? '';

describe('encodingIssues', () => {
  it('finds UTF-8 text read as Windows-1252, and says what it probably was', () => {
    expect(encodingIssues(['JÃ©rÃ´me ZÃ©bÃ©dÃ©e', '0886 123 456', 10], headerOf)).toEqual([
      {
        column: 'Name',
        value: 'JÃ©rÃ´me ZÃ©bÃ©dÃ©e',
        message:
          'is text in another encoding than the rest of the file (probably "Jérôme Zébédée"): save the whole file as "CSV UTF-8" and import it again',
      },
    ]);
  });

  it('finds bytes that were not text in the encoding of the file', () => {
    expect(encodingIssues(['J\uFFFDr\uFFFDme', '0886'], headerOf)[0]).toMatchObject({
      column: 'Name',
      message: expect.stringContaining('bytes that are not text') as unknown,
    });
  });

  it.each([
    ['Jérôme Zébédée'],
    ['São Tomé'],
    ['ÂGE'],
    ['Ãngela'],
    ['Françoise Müller'],
    ['0886 123 456'],
  ])('leaves clean text alone: %p', (name) => {
    expect(encodingIssues([name], headerOf)).toEqual([]);
  });
});
