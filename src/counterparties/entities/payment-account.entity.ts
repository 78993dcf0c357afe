import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { UtcDateTimeColumn } from '../../database/columns';

/** A Dollr payment account of a payee, reused per phone + method + operation. */
@Entity({ name: 'payment_accounts' })
export class PaymentAccountEntity {
  @PrimaryGeneratedColumn({ name: 'id' })
  id!: number;

  @Column({ name: 'payee_id', type: 'integer' })
  payeeId!: number;

  @Column({ name: 'phone', type: 'varchar', length: 20 })
  phone!: string;

  @Column({ name: 'method', type: 'varchar', length: 32 })
  method!: string;

  @Column({ name: 'provider', type: 'varchar', length: 16 })
  provider!: string;

  @Column({ name: 'operation_type', type: 'varchar', length: 16 })
  operationType!: string;

  @Column({ name: 'dollr_account_id', type: 'integer' })
  dollrAccountId!: number;

  @Column({ name: 'is_active', type: 'boolean' })
  isActive!: boolean;

  @UtcDateTimeColumn({ name: 'created_at' })
  createdAt!: Date;
}
