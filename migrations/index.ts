import { CreateImports1764316800000 } from './1764316800000-CreateImports';
import { CreatePayouts1764403200000 } from './1764403200000-CreatePayouts';
import { CreateJobRuns1764576000000 } from './1764576000000-CreateJobRuns';

/** Every migration, oldest first. A new migration file is added here too. */
export const MIGRATIONS = [
  CreateImports1764316800000,
  CreatePayouts1764403200000,
  CreateJobRuns1764576000000,
];
