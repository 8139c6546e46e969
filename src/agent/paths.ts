// Where the agent keeps what the doctor reads (facts §1.1, §3).

export const PATHS = {
  machineGuid: '/var/lib/netdata/registry/netdata.public.unique.id',
  claimedId: '/var/lib/netdata/cloud.d/claimed_id',
  cloudConf: '/var/lib/netdata/cloud.d/cloud.conf',
  claimConf: '/etc/netdata/claim.conf',
  statusFile: '/var/lib/netdata/status-netdata.json',
  claimScript: '/usr/sbin/netdata-claim.sh',
  netdataConf: '/etc/netdata/netdata.conf',
  lib: '/var/lib/netdata',
  config: '/etc/netdata',
} as const;
