import { randomBytes } from 'node:crypto';
import { CronTime } from 'cron';

/** Seconds-first expressions (6 fields) fire on seconds; the usual 5 fields on minutes. */
export function slotResolutionMs(expression: string): number {
  return expression.trim().split(/\s+/).length === 6 ? 1_000 : 60_000;
}

/** How far back a late tick may still find its own fire time. */
const LOOKBACK_SLOTS = 10;

/**
 * The slot of a tick: the scheduled fire time it belongs to (the latest one not after `now`),
 * truncated to the schedule's resolution, in UTC. Every replica computes the same slot for the
 * same fire time even if its tick comes late, so the (job, slot) key lets exactly one of them run.
 */
export function scheduledSlot(expression: string, timeZone: string, now: Date): string {
  const resolution = slotResolutionMs(expression);
  const cron = new CronTime(expression, timeZone);
  let fire = cron.getNextDateFrom(new Date(now.getTime() - LOOKBACK_SLOTS * resolution)).toJSDate();
  if (fire.getTime() > now.getTime()) return formatSlot(now, resolution);
  for (;;) {
    const next = cron.getNextDateFrom(fire).toJSDate();
    if (next.getTime() > now.getTime()) return formatSlot(fire, resolution);
    fire = next;
  }
}

/** `2026-11-28T02:00:00Z`: the time truncated to the resolution. */
export function formatSlot(time: Date, resolutionMs: number): string {
  const truncated = new Date(Math.floor(time.getTime() / resolutionMs) * resolutionMs);
  return truncated.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A run by hand always runs: its slot is unique to it. */
export function manualSlot(now: Date): string {
  return `manual:${now.toISOString()}:${randomBytes(3).toString('hex')}`;
}
