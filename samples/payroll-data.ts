/**
 * Deterministic, realistic payroll rows for the samples and the benchmark: Liberian employees
 * paid in USD or LRD, phones written the way HR exports write them.
 */

const FIRST = [
  'Jérôme',
  'Mary',
  'Samuel',
  'Comfort',
  'Joseph',
  'Esther',
  'Emmanuel',
  'Fatu',
  'Moses',
  'Hawa',
  'Prince',
  'Musu',
  'Augustine',
  'Bendu',
  'Francis',
  'Korto',
];
const LAST = [
  'Kollie',
  'Doe',
  'Sirleaf',
  'Weah',
  'Kamara',
  'Johnson',
  'Flomo',
  'Tarr',
  'Kpoto',
  'Gbowee',
  'Togba',
  'Sackor',
  'Dukuly',
  'Zoegar',
];
const DEPARTMENTS = ['Finance', 'Operations', 'Sales', 'Logistics', 'HR', 'IT'];
const PREFIXES = ['0886', '0770', '0555', '0777'];

export const PAYROLL_HEADER = [
  'Employee ID',
  'Employee Name',
  'Mobile Number',
  'Net Pay',
  'Currency',
  'Period',
  'Department',
];

/** Row i (0-based) of a payroll for `period`. */
export function payrollRow(i: number, period = '2026-01'): string[] {
  const name = `${FIRST[i % FIRST.length] ?? ''} ${LAST[(i * 7) % LAST.length] ?? ''}`;
  const prefix = PREFIXES[i % PREFIXES.length] ?? '0886';
  const subscriber = String(100000 + (i % 900000)).padStart(6, '0');
  const phone = `${prefix} ${subscriber.slice(0, 3)} ${subscriber.slice(3)}`;
  const usd = i % 5 !== 4;
  const whole = usd ? 150 + ((i * 37) % 2850) : 20000 + ((i * 7919) % 180000);
  const cents = (i * 13) % 100;
  const amount = `${whole.toLocaleString('en-US')}.${String(cents).padStart(2, '0')}`;
  return [
    `EMP${String(i + 1).padStart(6, '0')}`,
    name,
    phone,
    amount,
    usd ? 'USD' : 'LRD',
    period,
    DEPARTMENTS[i % DEPARTMENTS.length] ?? '',
  ];
}
