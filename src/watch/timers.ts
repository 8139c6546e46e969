// The watcher's only sources of time, injectable so that its tests run on a fake clock without sleeping.

export type TimerHandle = { readonly id: number } | NodeJS.Timeout;

export interface Timers {
  now(): Date;
  setTimeout(run: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
}

export const realTimers: Timers = {
  now: () => new Date(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout | undefined),
};
