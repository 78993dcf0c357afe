import { unfinishedPreflightText } from './preflight-text';

describe('unfinishedPreflightText', () => {
  it('says a pre-flight never run was not run', () => {
    expect(unfinishedPreflightText({ checked: 0, total: 12 })).toMatch(/^Not run yet/);
  });

  it('says how far a pre-flight stopped part-way got, and how to go on', () => {
    const text = unfinishedPreflightText({ checked: 298, total: 300 });
    expect(text).toContain('Checked 298 of 300 payments so far');
    expect(text).toContain('Run pre-flight again');
  });
});
