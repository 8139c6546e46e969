// The Cloud metrics of CONTRACT §12: cloud_node_state one-hot over reachable/stale/unreachable/absent for
// measured nodes only, series of vanished nodes removed; cloud_api_errors_total counts.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Metrics, cloudMetricState } from '../../../src/server/metrics.ts';

describe('Cloud metrics', () => {
  it('one-hot per measured node; inferred nodes have no series; a vanished node loses its series', async () => {
    const metrics = new Metrics();
    metrics.setCloudNodeStates([
      { node: 'web', state: cloudMetricState({ shows: 'Stale', source: 'cloud-api' }) },
      { node: 'db', state: cloudMetricState({ shows: 'Live', source: 'inferred' }) },
    ]);
    let text = await metrics.text();
    assert.match(text, /netdata_cloud_doctor_cloud_node_state\{node="web",state="stale"\} 1/);
    assert.match(text, /netdata_cloud_doctor_cloud_node_state\{node="web",state="reachable"\} 0/);
    assert.match(text, /netdata_cloud_doctor_cloud_node_state\{node="web",state="absent"\} 0/);
    assert.doesNotMatch(text, /cloud_node_state\{node="db"/);
    metrics.setCloudNodeStates([{ node: 'db', state: 'absent' }]);
    text = await metrics.text();
    assert.doesNotMatch(text, /cloud_node_state\{node="web"/);
    assert.match(text, /netdata_cloud_doctor_cloud_node_state\{node="db",state="absent"\} 1/);
  });
  it('the shows values map onto the four states', () => {
    assert.equal(cloudMetricState({ shows: 'Live', source: 'cloud-api' }), 'reachable');
    assert.equal(cloudMetricState({ shows: 'Offline', source: 'cloud-api' }), 'unreachable');
    assert.equal(cloudMetricState({ shows: 'Unseen', source: 'cloud-api' }), 'unreachable');
    assert.equal(cloudMetricState({ shows: 'not in the Space', source: 'cloud-api' }), 'absent');
    assert.equal(cloudMetricState(undefined), undefined);
  });
  it('cloud_api_errors_total counts each failed call', async () => {
    const metrics = new Metrics();
    assert.match(await metrics.text(), /netdata_cloud_doctor_cloud_api_errors_total 0/);
    metrics.cloudApiError();
    metrics.cloudApiError();
    assert.match(await metrics.text(), /netdata_cloud_doctor_cloud_api_errors_total 2/);
  });
});
