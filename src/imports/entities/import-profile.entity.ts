import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { UtcDateTimeColumn } from '../../database/columns';
import type { ImportKind } from '../import.types';

/** An import profile saved on the server (POST /profiles), found by its name. */
@Entity({ name: 'import_profiles' })
export class ImportProfileEntity {
  @PrimaryGeneratedColumn({ name: 'id' })
  id!: number;

  @Column({ name: 'name', type: 'varchar', length: 64 })
  name!: string;

  @Column({ name: 'type', type: 'varchar', length: 16 })
  type!: ImportKind;

  /** The profile's JSON document, as validated when it was saved. */
  @Column({ name: 'document', type: 'text' })
  document!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @UtcDateTimeColumn({ name: 'created_at' })
  createdAt!: Date;
}
