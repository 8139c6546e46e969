// Causes whose steps an integration test applies literally to a container and then diagnoses again
// (CONTRACT §4: "the test suite proves this for every cause it can reproduce"), with the test that does it.
// docs/causes.md shows this column.

import type { Cause } from './types.ts';

export const PROVEN_BY_APPLICATION: Partial<Record<Cause, string>> = {};
