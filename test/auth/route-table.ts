import { PUBLIC_ROUTES, ROUTES } from './routes';

const EVERY_ROLE = ['viewer', 'maker', 'checker', 'admin'];

/** The README's table of who may call each route, as test/auth/routes.ts says and enforces. */
export function routeTable(): string {
  const who = (roles: readonly string[]): string =>
    EVERY_ROLE.every((role) => roles.includes(role))
      ? 'every role'
      : roles.map((role) => `\`${role}\``).join(', ');
  const rows = [
    ...PUBLIC_ROUTES.map((route) => [`\`${route.method} ${route.path}\``, 'anyone, without a key']),
    ...ROUTES.map((route) => [`\`${route.method} ${route.path}\``, who(route.roles)]),
  ];
  const widths = [0, 1].map((i) =>
    Math.max(...[['Route', 'Who may call it'], ...rows].map((row) => row[i]?.length ?? 0)),
  );
  const line = (cells: string[]): string =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [
    line(['Route', 'Who may call it']),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
  ].join('\n');
}
