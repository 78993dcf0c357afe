import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { MinorUnitsColumn, UtcDateTimeColumn } from '../../database/columns';

/**
 * Dollr's fee prediction for one (operation, method, provider, currency, amount, fee bearer, fee
 * tier), kept so that later pre-flights reuse it while it is younger than FEE_PREDICTION_TTL_HOURS.
 */
@Entity({ name: 'fee_predictions' })
export class FeePredictionEntity {
  @PrimaryGeneratedColumn({ name: 'id' })
  id!: number;

  @Column({ name: 'operation_type', type: 'varchar', length: 16 })
  operationType!: string;

  @Column({ name: 'method', type: 'varchar', length: 32 })
  method!: string;

  @Column({ name: 'provider', type: 'varchar', length: 16 })
  provider!: string;

  @Column({ name: 'currency', type: 'varchar', length: 3 })
  currency!: string;

  @MinorUnitsColumn({ name: 'amount_minor' })
  amountMinor!: bigint;

  @Column({ name: 'fee_bearer', type: 'varchar', length: 16 })
  feeBearer!: string;

  /** The fee tier the prediction was priced at (`MERCHANT`: the merchant's own, no owner sent). */
  @Column({ name: 'fee_tier', type: 'varchar', length: 64 })
  feeTier!: string;

  @MinorUnitsColumn({ name: 'fee_minor' })
  feeMinor!: bigint;

  @MinorUnitsColumn({ name: 'payer_amount_minor' })
  payerAmountMinor!: bigint;

  @MinorUnitsColumn({ name: 'payee_amount_minor' })
  payeeAmountMinor!: bigint;

  @UtcDateTimeColumn({ name: 'learned_at' })
  learnedAt!: Date;
}
