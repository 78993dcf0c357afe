import { ImportRowEntity } from '../imports/entities/import-row.entity';
import { ImportTotalEntity } from '../imports/entities/import-total.entity';
import { ImportEntity } from '../imports/entities/import.entity';

/** Every TypeORM entity of the connector. Add new ones here and give them a migration. */
export const ENTITIES = [ImportEntity, ImportTotalEntity, ImportRowEntity];
