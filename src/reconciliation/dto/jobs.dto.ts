import { ApiProperty } from '@nestjs/swagger';
import { JOB_NAMES } from '../job.types';

export class JobRunDto {
  @ApiProperty({ example: 42 })
  id!: number;

  @ApiProperty({ enum: JOB_NAMES })
  job!: string;

  @ApiProperty({
    description: 'Scheduled fire time (UTC), or manual:<time>:<random> for a run by hand',
    example: '2026-11-28T02:00:00Z',
  })
  slot!: string;

  @ApiProperty({ enum: ['RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED', 'ABANDONED'] })
  status!: string;

  @ApiProperty({ description: 'The process that ran it (host:pid)', example: 'app-1:4242' })
  host!: string;

  @ApiProperty({ example: '2026-11-28T02:00:00.012Z' })
  startedAt!: string;

  @ApiProperty({ type: String, nullable: true })
  finishedAt!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'What the run did',
    example: { due: 3, checked: 3, resolved: 2, open: 1, busy: 0, stuck: 0 },
  })
  counts!: Record<string, number | string> | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why it failed, was skipped or abandoned',
  })
  error!: string | null;

  @ApiProperty({ description: 'Run by hand (CLI or POST /jobs/{name}/run)' })
  manual!: boolean;
}

export class JobRunListDto {
  @ApiProperty({ type: [JobRunDto], description: 'Newest first' })
  items!: JobRunDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The URL of the next page (as in the Link header); null on the last page',
  })
  next!: string | null;
}
