// `netdata -W buildinfo`: v1.3x prints "    Netdata Cloud:  NO (by user request)" and "    ACLK:  NO"; v1.42+ and
// v2 print "    Netdata Cloud ______________ : YES" (src/daemon/buildinfo.c).
// later versions align with dots. Either way a feature name, punctuation, then YES or NO.

export interface CloudBuildSupport {
  cloud?: boolean;
  aclk?: boolean;
  /** The matched lines, as evidence. */
  lines: string[];
}

export function parseBuildinfo(text: string): CloudBuildSupport {
  const result: CloudBuildSupport = { lines: [] };
  for (const raw of text.split(/\r?\n/)) {
    const match = /^\s*(Netdata Cloud|ACLK)\b[\s._:]*\b(YES|NO)\b/i.exec(raw);
    if (!match) continue;
    const yes = match[2]!.toUpperCase() === 'YES';
    if (/^netdata cloud$/i.test(match[1]!)) result.cloud = yes;
    else result.aclk = yes;
    result.lines.push(raw.trim());
  }
  return result;
}
