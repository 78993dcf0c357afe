import { CreateImports1764316800000 } from './1764316800000-CreateImports';

/** Every migration, oldest first. A new migration file is added here too. */
export const MIGRATIONS = [CreateImports1764316800000];
