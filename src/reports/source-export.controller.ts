import { Controller, Get, Param, Res } from '@nestjs/common';
import { ParseIdPipe } from '../http/strict-input';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { streamed } from './reports.controller';
import { SourceExportService } from './source-export.service';
import { withStatusName } from './with-status-name';

/** `attachment; filename="…"` with an ASCII fallback and the UTF-8 name (RFC 6266). */
export function attachment(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

@ApiTags('imports')
@Controller('imports')
export class SourceExportController {
  constructor(private readonly exports: SourceExportService) {}

  @Get(':id/export-source')
  @ApiOperation({
    summary:
      "The imported file, in its own format, with each row's status appended (named <name>-with-status.<ext>)",
    description:
      'CSV keeps its delimiter, quoting and encoding; XLSX its sheets and rows. Appended after the header: status, dollr_reference_id, dollr_status, settled_amount, fees, completed_at, failure_reason. Invalid and duplicate rows say so; title and totals rows are left as they were.',
  })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async exportSource(
    @Param('id', ParseIdPipe) id: number,
    @Res() response: Response,
  ): Promise<void> {
    const prepared = await this.exports.prepare(id);
    response.setHeader('Content-Type', prepared.contentType);
    response.setHeader('Content-Disposition', attachment(withStatusName(prepared.fileName)));
    await streamed(response, this.exports.stream(id, response));
  }
}
