import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The folders of src/ depend on each other in one direction only: a feature may use a lower one
 * (common, config, database, dollr, money, …), never the reverse, so that each can be read,
 * tested and changed without the ones above it. The root files (app.module.ts, cli.module.ts,
 * main.ts, cli.ts) compose everything and are imported by none.
 */

const SRC = resolve(__dirname);
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+'(\.{1,2}\/[^']+)'/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The top folder of src/ a path is in (or is: `../sandbox`), or null for a root file. */
function folderOf(path: string): string | null {
  const parts = relative(SRC, path).split(sep);
  if (parts.length > 1) return parts[0] ?? null;
  return existsSync(path) && statSync(path).isDirectory() ? (parts[0] ?? null) : null;
}

/** "from -> to" for every import of one folder's code from another's. */
function folderEdges(): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const file of sourceFiles(SRC)) {
    const from = folderOf(file);
    if (from === null) continue;
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = resolve(dirname(file), match[1] ?? '');
      if (!target.startsWith(SRC + sep)) continue;
      const to = folderOf(target);
      if (to === null) {
        throw new Error(
          `${relative(SRC, file)} imports a root file (${match[1]}): the root composes, nothing imports it`,
        );
      }
      if (to !== from) (edges.get(from) ?? edges.set(from, new Set()).get(from))?.add(to);
    }
  }
  return edges;
}

/** A cycle in the graph, as its folders in order, or null. */
function findCycle(edges: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'visiting') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'visiting');
    path.push(node);
    for (const next of [...(edges.get(node) ?? [])].sort()) {
      const cycle = visit(next);
      if (cycle !== null) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of [...edges.keys()].sort()) {
    const cycle = visit(node);
    if (cycle !== null) return cycle;
  }
  return null;
}

describe('dependencies between the folders of src/', () => {
  const edges = folderEdges();

  it('form no cycle', () => {
    expect(findCycle(edges)).toBeNull();
  });

  it('finds a cycle when there is one', () => {
    const cyclic = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
    ]);
    expect(findCycle(cyclic)).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle(new Map([['a', new Set(['b'])]]))).toBeNull();
  });
});
