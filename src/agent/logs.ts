// What the agent, its entrypoint and its claim script print, as patterns over `docker logs` lines
// (facts §1.3, §1.6, §2.4, §4.4, §5.1, §10). Matching is on substrings: the line prefix changed from
// "date: netdata LEVEL : THREAD :" (≤ v1.43) to logfmt "… msg=\"…\"" (v1.44+).

import type { LogLine } from '../facts/types.ts';

/** The message of a logfmt line (`msg="…"`), or the whole line. */
export function messageOf(line: string): string {
  const match = /\bmsg="((?:[^"\\]|\\.)*)"/.exec(line);
  return match ? match[1]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c)) : line;
}

const lastMatch = (lines: readonly LogLine[], pattern: RegExp): { line: LogLine; match: RegExpExecArray } | undefined => {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    const match = pattern.exec(messageOf(line.text));
    if (match) return { line, match };
  }
  return undefined;
};

export const SECCOMP_WARNING = 'This Docker host appears to not properly support newer stat system calls';

export function hasSeccompWarning(lines: readonly LogLine[]): boolean {
  return lines.some((l) => l.text.includes(SECCOMP_WARNING));
}

export interface ClaimScriptOutcome {
  ran: boolean;
  succeeded: boolean;
  /** The quoted message of `Failed to claim node with the following error message:"…"`. */
  failure?: string;
  /** `Failed to connect to <url>, return code <n>` (curl's exit code). */
  connectFailure?: { url: string; curlCode: number };
  builtWithoutCloud: boolean;
}

/** The v1 claim script's output within the given lines (the last attempt wins). */
export function claimScriptOutcome(lines: readonly LogLine[]): ClaimScriptOutcome {
  // "Token: ****" opens every claim attempt; judge only the last attempt.
  let start = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (/^Token: \*+/.test(lines[i]!.text)) {
      start = i;
      break;
    }
  }
  const builtWithoutCloud = lines.some((l) =>
    /built (?:without the dependencies for Cloud|with --disable-cloud) and cannot be claimed/.test(l.text),
  );
  // Without a "Token:" line (cut by the tail, another script version, a log driver that dropped it) the
  // script's own lines still say how it ended: recognition does not depend on the lines around it.
  const attempt = start < 0 ? lines : lines.slice(start);
  const lastFailure = lastMatch(attempt, /Failed to claim node with the following error message:"([^"]*)"/);
  const lastSuccess = start < 0 ? lastMatch(attempt, /The claim was successful|Node was successfully claimed\./) : undefined;
  // No attempt boundaries: the later of the last failure and the last success is the outcome.
  const successLater = lastFailure && lastSuccess && attempt.indexOf(lastSuccess.line) > attempt.indexOf(lastFailure.line);
  const failed = successLater ? undefined : lastFailure;
  const connect = lastMatch(attempt, /Failed to connect to (\S+), return code (\d+)/);
  const succeeded = attempt.some((l) =>
    /The claim was successful but the agent could not be notified|Node was successfully claimed\./.test(l.text),
  );
  if (start < 0 && !failed && !succeeded) {
    const failure = builtWithoutCloud ? { failure: 'built without Cloud support' } : {};
    return { ran: builtWithoutCloud, succeeded: false, builtWithoutCloud, ...failure };
  }
  return {
    ran: true,
    succeeded: succeeded && !failed,
    ...(failed ? { failure: failed.match[1] } : {}),
    ...(connect ? { connectFailure: { url: connect.match[1]!, curlCode: Number(connect.match[2]) } } : {}),
    builtWithoutCloud,
  };
}

/** Bash's complaint when run.sh cannot execute the claim script (exit 126/127). */
export function claimScriptExecError(lines: readonly LogLine[]): string | undefined {
  const hit = lastMatch(
    lines,
    /netdata-claim\.sh: (No such file or directory|Permission denied|Is a directory|cannot execute[^\n]*|command not found)/,
  );
  return hit?.match[1];
}

/** v2: the agent's own claim failure reason (`CLAIM: <reason>`, facts §2.4). */
export function v2ClaimFailure(lines: readonly LogLine[]): string | undefined {
  // Only the reasons of claim_agent_failure_reason_set (facts §2.4), not other CLAIM: lines such as
  // "cannot load cloud config", which is routine on a first start.
  const hit = lastMatch(
    lines,
    /CLAIM: ((?:Failed|Request failed|Cannot (?:generate|write|initialize)|cannot read public key|Claiming is in progress)[\s\S]*)/,
  );
  return hit?.match[1]?.trim();
}

export type AclkLogState = 'connected' | 'disconnected' | undefined;

/** The last connection event the agent logged in the given lines. */
export function aclkStateFromLogs(lines: readonly LogLine[]): { state: AclkLogState; line?: string } {
  const hit = lastMatch(
    lines,
    /(ACLK(?::)? connection successfully established|ACLK CONNECTED|ACLK DISCONNECTED|Netdata Cloud, ACLK connection status: .*)/,
  );
  if (!hit) return { state: undefined };
  const text = hit.match[1]!;
  const connected = /successfully established|ACLK CONNECTED|connection status: (?:online|connected)\b/i.test(text);
  return { state: connected ? 'connected' : 'disconnected', line: text };
}

/** Errors that old engines with an old libseccomp put into State.Error or the logs (FM10). */
export const CLONE3_ERROR =
  /seccomp filter rule for syscall clone3|clone3.*(?:permission denied|operation not permitted)|pthread_create.*Operation not permitted/i;

/**
 * A line after which the agent's Cloud or claim state may have changed (facts §4.4, §2.4, §5.1): what makes
 * `serve` look at a followed v2.3+ agent again, and what makes an interval pass read its files again. The
 * line an agent logs when the doctor itself asks `netdatacli aclk-state` ("COMMAND: Reopening aclk/cloud
 * state.") is not one: it would make every pass cause the next.
 */
export const CLOUD_STATE_LINE =
  /ACLK connection|ACLK: connection|CLAIM: |claimed_id|Cloud Banned|BlockRetry|Cloud asks not to reconnect|Token: \*|netdata-claim|[Cc]laim(?:ing)? (?:failed|was successful|successful)/;
