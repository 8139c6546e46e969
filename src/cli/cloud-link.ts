// The doctor's link to the Netdata Cloud API (CONTRACT §12), the same for `check` and `serve`: one poller per
// process, the claim rooms the last pass saw, and the log lines and counters its failures give. A pass reads
// the last listing at once (serve) or asks for one fresh listing and waits for it (check); nothing else waits.

import type { CloudApiConfig } from '../config/config.ts';
import type { DoctorLogger } from '../log/logger.ts';
import { CloudClient, type CloudApi } from '../cloud/client.ts';
import type { CloudSnapshot } from '../cloud/listing.ts';
import { CloudPoller } from '../cloud/poller.ts';

export interface CloudLinkOptions {
  config: CloudApiConfig;
  logger: DoctorLogger;
  /** Each failed API call (netdata_cloud_doctor_cloud_api_errors_total). */
  onApiError?: () => void;
  /** Each finished listing (serve: judge the nodes again with it). */
  onSnapshot?: () => void;
  /** serve: start polling when the first pass has told the claim rooms; check never polls. */
  poll: boolean;
  /** Tests: another API than the real client. */
  api?: CloudApi;
}

export class CloudLink {
  private readonly poller: CloudPoller;
  private claimRooms: readonly string[] = [];
  private started = false;
  private stopped = false;

  constructor(private readonly options: CloudLinkOptions) {
    const { config, logger } = options;
    // Redact the token from every log line before anything can print it.
    logger.addSecrets([config.token]);
    const api = options.api ?? new CloudClient({ apiUrl: config.apiUrl, token: config.token });
    this.poller = new CloudPoller({
      api,
      spaces: config.spaces,
      intervalMs: config.intervalMs,
      claimRoomIds: () => this.claimRooms,
      onUnreachable: (error) =>
        logger.emit('warn', { event: 'cloud.unreachable', api: config.apiUrl, kind: error.kind, error: error.message }),
      onRecovered: () => logger.emit('info', { event: 'cloud.recovered', api: config.apiUrl }),
      onApiError: () => options.onApiError?.(),
      onSnapshot: () => options.onSnapshot?.(),
      onInternalError: (err) => logger.error(`Cloud API listing failed unexpectedly: ${(err as Error)?.message ?? String(err)}`),
    });
  }

  /** The last listing, at once; undefined until one has finished. */
  snapshot(): CloudSnapshot | undefined {
    return this.poller.snapshot();
  }

  /**
   * A pass saw these NETDATA_CLAIM_ROOMS room IDs: the next listing also lists those rooms. In serve the
   * first call starts the polling, so the first listing already knows the rooms.
   */
  noteClaimRooms(roomIds: readonly string[]): void {
    this.claimRooms = [...new Set(roomIds)].sort();
    if (this.options.poll && !this.started && !this.stopped) {
      this.started = true;
      this.poller.start();
    }
  }

  /** check: one listing now (or the one under way); never rejects. */
  refreshOnce(): Promise<CloudSnapshot> {
    return this.poller.refreshOnce();
  }

  stop(): void {
    this.stopped = true;
    this.poller.stop();
  }
}
