import { hostname } from 'node:os';

/** This process's name in leases and job runs: host and pid, so an operator can tell who holds what. */
export const WORKER_ID = `${hostname()}:${process.pid}`;
