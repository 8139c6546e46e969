// netdata_cloud_doctor_node_state_changes_total{node} (CONTRACT §14): one per history transition, gone with
// the node (a destroyed or renamed node's series are removed, CONTRACT §7).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Metrics } from '../../../src/server/metrics.ts';
import { History } from '../../../src/history/history.ts';
import { reportInEveryState } from './page-reports.ts';

describe('node_state_changes_total', () => {
  it('counts each transition per node and drops the series of a node that is gone', async () => {
    const metrics = new Metrics();
    const history = new History();
    const report = reportInEveryState();
    const feed = (r: typeof report, minute: number) => {
      metrics.update(r, 0.01);
      for (const c of history.observe(r, new Date(Date.UTC(2026, 11, 4, 12, minute)))) metrics.nodeStateChanged(c.node);
    };
    feed(report, 0);
    feed(report, 1);
    const changed = structuredClone(report);
    changed.nodes[0]!.state = 'offline';
    feed(changed, 2);
    let text = await metrics.text();
    assert.match(text, /netdata_cloud_doctor_node_state_changes_total\{node="ncd-page-live"\} 2/);
    assert.match(text, /netdata_cloud_doctor_node_state_changes_total\{node="ncd-page-unseen"\} 1/);
    feed({ ...changed, nodes: changed.nodes.slice(1) }, 3);
    text = await metrics.text();
    assert.doesNotMatch(text, /node_state_changes_total\{node="ncd-page-live"\}/);
    assert.match(text, /node_state_changes_total\{node="ncd-page-unseen"\} 1/);
  });
});
