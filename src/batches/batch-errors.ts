import { AppError } from '../common/app-error';

export function batchNotFound(id: number): AppError {
  return new AppError('BATCH_NOT_FOUND', `There is no batch ${id}.`, 404);
}

export function batchState(id: number, status: string, wanted: string): AppError {
  return new AppError('BATCH_STATE', `Batch ${id} is ${status}; it cannot ${wanted}.`, 409, {
    batchId: id,
    status,
  });
}
