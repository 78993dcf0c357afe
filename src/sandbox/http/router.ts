/**
 * A tiny router: `/v1/invoices/retrieve/:invoice_id` patterns, matched segment by segment. Literal
 * segments win over parameters, so `/retrieve/number/:n` is not taken for `/retrieve/:id`.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Route<H> {
  readonly method: HttpMethod;
  readonly path: string;
  readonly handler: H;
}

export type RouteMatch<H> =
  | { readonly kind: 'found'; readonly handler: H; readonly params: Record<string, string> }
  | { readonly kind: 'method_not_allowed' }
  | { readonly kind: 'not_found' };

interface CompiledRoute<H> {
  readonly route: Route<H>;
  readonly segments: readonly string[];
  /** Literal segments count double, so the most specific pattern is tried first. */
  readonly specificity: number;
}

function split(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

export class Router<H> {
  private readonly routes: CompiledRoute<H>[];

  constructor(routes: readonly Route<H>[]) {
    this.routes = routes
      .map((route) => {
        const segments = split(route.path);
        const literals = segments.filter((s) => !s.startsWith(':')).length;
        return { route, segments, specificity: literals * 2 + segments.length };
      })
      .sort((a, b) => b.specificity - a.specificity);
  }

  match(method: string, path: string): RouteMatch<H> {
    const segments = split(path);
    let pathMatched = false;
    for (const compiled of this.routes) {
      const params = matchSegments(compiled.segments, segments);
      if (!params) continue;
      if (compiled.route.method === method) {
        return { kind: 'found', handler: compiled.route.handler, params };
      }
      pathMatched = true;
    }
    return pathMatched ? { kind: 'method_not_allowed' } : { kind: 'not_found' };
  }
}

function matchSegments(
  pattern: readonly string[],
  actual: readonly string[],
): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i += 1) {
    if (pattern[i].startsWith(':')) {
      let value: string;
      try {
        value = decodeURIComponent(actual[i]);
      } catch {
        return undefined;
      }
      params[pattern[i].slice(1)] = value;
    } else if (pattern[i] !== actual[i]) {
      return undefined;
    }
  }
  return params;
}
