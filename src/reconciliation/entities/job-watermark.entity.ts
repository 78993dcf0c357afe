import { Entity, PrimaryColumn } from 'typeorm';
import { UtcDateTimeColumn } from '../../database/columns';

/** How far a scanning job has looked (e.g. the webhook dispatcher's scan of final payments). */
@Entity({ name: 'job_watermarks' })
export class JobWatermarkEntity {
  @PrimaryColumn({ name: 'name', type: 'varchar', length: 64 })
  name!: string;

  @UtcDateTimeColumn({ name: 'value' })
  value!: Date;
}
