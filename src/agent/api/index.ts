// Pure parsers for what a Netdata Agent says about its Netdata Cloud connection, one per format, all
// returning the one normalised AgentCloudView (or a ParseError, never throwing), plus the claim files and a
// classifier for the agent's reason strings.

export {
  CLOUD_STATUSES,
  DAEMON_STATUSES,
  MAX_BODY_BYTES,
  isParseError,
  type AgentCloudView,
  type CloudChild,
  type CloudStatus,
  type CloudViewResult,
  type CloudViewSource,
  type DaemonRecord,
  type DaemonStatus,
  type ParseError,
} from './cloud-status.ts';
export { parseInfoV1 } from './info-v1.ts';
export { parseInfoV2V3, type InfoSource } from './info-v2v3.ts';
export { parseAclkJson, type AclkJsonSource } from './aclk-json.ts';
export { parseAclkText } from './aclk-text.ts';
export { parseStatusFile } from './status-file.ts';
export { parseCloudConf, parseClaimConf, type CloudConfig, type TokenShape } from './cloud-conf.ts';
export { classifyReason, REASON_CATEGORIES, type ReasonCategory, type ReasonClass } from './reasons.ts';
