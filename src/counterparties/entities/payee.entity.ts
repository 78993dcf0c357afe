import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { UtcDateTimeColumn } from '../../database/columns';

/**
 * A person or business the connector pays or collects from, known by (relationship, external ref)
 * across all imports, with the Dollr party and counterparty it was matched to or created as.
 */
@Entity({ name: 'payees' })
export class PayeeEntity {
  @PrimaryGeneratedColumn({ name: 'id' })
  id!: number;

  @Column({ name: 'relationship_type', type: 'varchar', length: 24 })
  relationshipType!: string;

  @Column({ name: 'external_ref', type: 'varchar', length: 100 })
  externalRef!: string;

  @Column({ name: 'full_name', type: 'varchar', length: 200 })
  fullName!: string;

  @Column({ name: 'phone', type: 'varchar', length: 20 })
  phone!: string;

  @Column({ name: 'email', type: 'varchar', length: 200, nullable: true })
  email!: string | null;

  @Column({ name: 'country_code', type: 'varchar', length: 2, nullable: true })
  countryCode!: string | null;

  @Column({ name: 'dollr_party_id', type: 'integer', nullable: true })
  dollrPartyId!: number | null;

  @Column({ name: 'dollr_counterparty_id', type: 'integer', nullable: true })
  dollrCounterpartyId!: number | null;

  /**
   * Set (and committed) before a party create is sent to Dollr: null means no sync of this payee
   * ever sent one, so its party cannot exist yet and no lookup is needed before creating it.
   */
  @UtcDateTimeColumn({ name: 'party_create_sent_at', nullable: true })
  partyCreateSentAt!: Date | null;

  @Column({ name: 'lease_owner', type: 'varchar', length: 100, nullable: true })
  leaseOwner!: string | null;

  @UtcDateTimeColumn({ name: 'lease_expires_at', nullable: true })
  leaseExpiresAt!: Date | null;

  @UtcDateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @UtcDateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
