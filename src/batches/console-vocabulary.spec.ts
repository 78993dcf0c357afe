import { BATCH_ACTION_LABELS } from '../console/web/permissions';
import { BATCH_ACTIONS } from './allowed-actions';

/**
 * The console is compiled on its own and imports nothing from the server, so the words it shares
 * with the API are checked here against the server's own lists.
 */
describe('the console and the server', () => {
  it('name the same batch actions, and the console labels each', () => {
    expect(Object.keys(BATCH_ACTION_LABELS).sort()).toEqual([...BATCH_ACTIONS].sort());
  });
});
