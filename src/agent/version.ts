// Netdata version strings as the agent, its image labels and its tags spell them:
// "v1.44.3", "1.44.3", "v2.5.0-123-nightly", "netdata v1.37.1", or just "nightly"/"edge"/"latest".

export interface AgentVersion {
  raw: string;
  major: number;
  minor: number;
  patch: number;
  nightly: boolean;
}

// Not inside a longer number: a date tag such as 2024.10.01 is no version.
const SEMVER = /(?<![\d.])v?(\d{1,3})\.(\d{1,3})\.(\d{1,4})(?![\d])(-\d+-(?:g[0-9a-f]+-)?nightly|-nightly)?/;

export function parseVersion(text: string | undefined): AgentVersion | undefined {
  if (!text) return undefined;
  const match = SEMVER.exec(text);
  if (!match) return undefined;
  const [, major, minor, patch, nightly] = match;
  return {
    raw: match[0].startsWith('v') ? match[0] : `v${match[0]}`,
    major: Number(major),
    minor: Number(minor),
    patch: Number(patch),
    // v1.99.x were the nightly tags of what became v2.0.0 (facts §0).
    nightly: Boolean(nightly) || (Number(major) === 1 && Number(minor) === 99),
  };
}

/** Image tags and labels that name a moving channel rather than a version. */
export function isChannelName(text: string | undefined): boolean {
  return text !== undefined && /^(nightly|edge|latest|stable)$/i.test(text.trim());
}

export function compareVersions(
  a: Pick<AgentVersion, 'major' | 'minor' | 'patch'>,
  b: Pick<AgentVersion, 'major' | 'minor' | 'patch'>,
): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export const atLeast = (v: AgentVersion, major: number, minor: number, patch = 0): boolean =>
  compareVersions(v, { major, minor, patch }) >= 0;

/** v1 = v1.32…v1.47 (claims through netdata-claim.sh in run.sh); v2 = v2.0+ and the v1.99 nightlies. */
export function generationOf(v: AgentVersion): 1 | 2 {
  return v.major >= 2 || (v.major === 1 && v.minor >= 99) ? 2 : 1;
}
