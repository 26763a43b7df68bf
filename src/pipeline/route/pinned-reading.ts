import type { NameReading } from './name-readings.ts';

/**
 * What a module hook says it is for, whatever its name reads as: `export const repository =
 * 'website'` (or `'owner/website'`), `export const branch = 'main'`. A delivery of another
 * repository or branch skips it.
 */
export interface Pins {
  repository?: string;
  branch?: string;
}

/** The pins a module exports (those that are strings), and what is wrong with the others. */
export function pinsOf(exports: Record<string, unknown>): { pins: Pins; problems: string[] } {
  const pins: Pins = {};
  const problems: string[] = [];
  for (const key of ['repository', 'branch'] as const) {
    const value = exports[key];
    if (typeof value === 'string' && value !== '') pins[key] = value;
    else if (value !== undefined) problems.push(`${key}: expected the ${key === 'repository' ? "repository's name (or owner/name)" : "branch's name"} this hook is for, a string`);
  }
  return { pins, problems };
}

/** What a delivery is for, as a pin is compared with it. */
export interface DeliveryPlace {
  repository?: string;
  /** `owner/name`: a pin with a `/` is compared with it. */
  fullName?: string;
  branch?: string;
}

/**
 * Why a hook pinned so does not run for this delivery, or undefined when it does. A repository
 * is compared as GitHub compares names, whatever their case; a branch exactly, as git does.
 */
export function pinMismatch(pins: Pins, place: DeliveryPlace): string | undefined {
  if (pins.repository !== undefined) {
    const given = pins.repository.includes('/') ? place.fullName : place.repository;
    if (given?.toLowerCase() !== pins.repository.toLowerCase()) return `repository: pinned to "${pins.repository}", this delivery is for ${given === undefined ? 'none' : `"${given}"`}`;
  }
  if (pins.branch !== undefined && place.branch !== pins.branch) {
    return `branch: pinned to "${pins.branch}", this delivery is for ${place.branch === undefined ? 'none' : `"${place.branch}"`}`;
  }
  return undefined;
}

/** Whether a reading of the name can still run the hook pinned so (a reading without a branch takes every branch). */
export function agrees(reading: NameReading, pins: Pins): boolean {
  const repository = pins.repository?.split('/').pop();
  const same = (pinned: string | undefined, read: string | undefined, caseless: boolean) =>
    pinned === undefined || read === undefined || (caseless ? pinned.toLowerCase() === read.toLowerCase() : pinned === read);
  return same(repository, reading.repository, true) && same(pins.branch, reading.branch, false);
}

/** `repository "website", branch "main"`; "" without pins. */
export function describePins(pins: Pins): string {
  return [pins.repository && `repository "${pins.repository}"`, pins.branch && `branch "${pins.branch}"`].filter(Boolean).join(', ');
}
