// /metrics is rendered once per change of a series, not once per scrape: an unchanged registry answers the
// same bytes without rendering, and every method that changes a series shows in the next scrape.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Metrics } from '../../../src/server/metrics.ts';
import { reportInEveryState } from './page-reports.ts';

describe('Metrics.body', () => {
  it('answers the rendered bytes again while no series changed', async () => {
    const metrics = new Metrics();
    metrics.update(reportInEveryState(), 0.01);
    const first = await metrics.body();
    assert.equal(await metrics.body(), first, 'the same Buffer, not a second rendering');
  });

  const changes: [string, (m: Metrics) => void, RegExp][] = [
    ['update', (m) => m.update(reportInEveryState(), 0.02), /diagnosis_duration_seconds_count 2/],
    ['cloudApiError', (m) => m.cloudApiError(), /cloud_api_errors_total 1/],
    ['dockerError', (m) => m.dockerError(), /docker_errors_total 1/],
    ['nodeStateChanged', (m) => m.nodeStateChanged('ncd-page-live'), /node_state_changes_total\{node="ncd-page-live"\} 1/],
    [
      'notification',
      (m) => m.notification('slack', 'node.problem', 'sent'),
      /notifications_total\{target="slack",event="node.problem",result="sent"\} 1/,
    ],
    [
      'setCloudNodeStates',
      (m) => m.setCloudNodeStates([{ node: 'ncd-page-live', state: 'stale' }]),
      /cloud_node_state\{node="ncd-page-live",state="stale"\} 1/,
    ],
  ];
  for (const [name, change, shows] of changes) {
    it(`renders again after ${name}`, async () => {
      const metrics = new Metrics();
      metrics.update(reportInEveryState(), 0.01);
      const before = await metrics.body();
      assert.doesNotMatch(before.toString(), shows);
      change(metrics);
      const after = await metrics.body();
      assert.notEqual(after, before);
      assert.match(after.toString(), shows);
    });
  }
});
