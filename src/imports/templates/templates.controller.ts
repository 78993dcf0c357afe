import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';
import { AppError } from '../../common/app-error';
import { loadExcelJs } from '../../common/load-exceljs';
import { builtInProfile } from '../profiles/profile.loader';
import { type Template, TEMPLATE_NAMES, type TemplateName, templateOf } from './templates';

const FILES = TEMPLATE_NAMES.flatMap((name) => [`${name}.xlsx`, `${name}.csv`]);

/** Blank files the built-in profiles read, to start a payroll, a supplier run or invoices from. */
@ApiTags('imports')
@Controller('templates')
export class TemplatesController {
  @Get(':file')
  @ApiOperation({
    summary:
      'A blank file the built-in profile reads: its headers, one example row and (xlsx) a Notes sheet',
  })
  @ApiParam({ name: 'file', enum: FILES })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async template(@Param('file') file: string, @Res() response: Response): Promise<void> {
    const match = /^(payroll|suppliers|invoices)\.(xlsx|csv)$/.exec(file);
    const name = match?.[1] as TemplateName | undefined;
    const profile = name === undefined ? undefined : builtInProfile(name);
    if (match === null || name === undefined || profile === undefined) {
      throw new AppError(
        'TEMPLATE_NOT_FOUND',
        `There is no template "${file.slice(0, 40)}". The templates are: ${FILES.join(', ')}.`,
        404,
      );
    }
    const template = templateOf(name, profile);
    const csv = match[2] === 'csv';
    response.setHeader(
      'Content-Type',
      csv
        ? 'text/csv; charset=utf-8'
        : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    response.setHeader(
      'Content-Disposition',
      `attachment; filename="${name}-template.${match[2]}"`,
    );
    response.end(csv ? csvOf(template) : await xlsxOf(name, template));
  }
}

function csvOf(template: Template): string {
  return stringify([template.headers, template.example], {
    bom: true,
    record_delimiter: 'windows',
  });
}

async function xlsxOf(name: TemplateName, template: Template): Promise<Buffer> {
  const ExcelJS = loadExcelJs();
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(name.charAt(0).toUpperCase() + name.slice(1));
  sheet.addRow(template.headers).font = { bold: true };
  // Text cells, so that Excel keeps the phone's leading zero and the amount as written.
  const example = sheet.addRow(template.example);
  example.eachCell((cell) => {
    cell.numFmt = '@';
  });
  template.headers.forEach((header, i) => {
    sheet.getColumn(i + 1).width = Math.max(12, header.length + 4);
  });
  const notes = workbook.addWorksheet('Notes');
  notes.addRow(['Column', 'Needed', 'What it holds']).font = { bold: true };
  for (const note of template.notes) notes.addRow(note);
  notes.getColumn(1).width = 18;
  notes.getColumn(2).width = 24;
  notes.getColumn(3).width = 90;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
