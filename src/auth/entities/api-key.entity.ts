import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { UtcDateTimeColumn } from '../../database/columns';
import type { Role } from '../roles';

/** An API key: only its SHA-256 is stored; the key itself is shown once, when created. */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryGeneratedColumn({ name: 'id' })
  id!: number;

  @Column({ name: 'name', type: 'varchar', length: 100 })
  name!: string;

  /** The name in lower case: unique, so names are unique regardless of case on both databases. */
  @Column({ name: 'name_key', type: 'varchar', length: 100 })
  nameKey!: string;

  @Column({ name: 'role', type: 'varchar', length: 16 })
  role!: Role;

  @Column({ name: 'key_hash', type: 'varchar', length: 64 })
  keyHash!: string;

  /** The first characters of the key, to tell keys apart. */
  @Column({ name: 'key_hint', type: 'varchar', length: 16 })
  keyHint!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @UtcDateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @UtcDateTimeColumn({ name: 'last_used_at', nullable: true })
  lastUsedAt!: Date | null;

  @UtcDateTimeColumn({ name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revoked_by', type: 'varchar', length: 100, nullable: true })
  revokedBy!: string | null;
}
