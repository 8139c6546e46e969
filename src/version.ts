// The release id shown in reports and --version, read from package.json beside src/ or dist/.

import { readFileSync } from 'node:fs';

function readVersion(): string {
  for (const candidate of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'netdata-cloud-doctor' && pkg.version) return pkg.version;
    } catch {
      // try the next place
    }
  }
  return '0.0.0-unknown';
}

export const VERSION = readVersion();
