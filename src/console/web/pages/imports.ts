import { getPage } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { pagedTable } from '../paged-table.js';
import { formatDateTime } from '../format.js';
import type { PageContext } from '../page.js';
import { hrefOf, type Route } from '../routes.js';
import type { ImportView } from '../types.js';
import { importTypeLabel } from '../vocabulary.js';

export async function importsPage(_route: Route, { main, signal }: PageContext): Promise<void> {
  const imports = await getPage<ImportView>('/imports', { signal });
  replaceChildren(
    main,
    h('h1', { tabindex: -1 }, 'Imports'),
    pagedTable(imports, {
      caption: 'Imports, newest first',
      headers: [
        'Import',
        'File',
        'Type',
        'Rows',
        'Valid',
        'Invalid',
        'Duplicates',
        'Uploaded',
        'By',
      ],
      row: (i) => [
        h(
          'a',
          { href: hrefOf({ page: 'import', importId: i.importId, batchId: null }) },
          `Import ${i.importId}`,
        ),
        i.fileName,
        h('span', { title: i.type }, importTypeLabel(i.type)),
        i.rows,
        i.valid,
        i.invalid,
        i.duplicates,
        formatDateTime(i.createdAt),
        i.createdBy,
      ],
      numeric: [3, 4, 5, 6],
      id: 'imports',
      empty: 'No import yet.',
      more: 'Show older imports',
      signal,
    }),
  );
}
