import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { imageRepository, isOfficialImage } from '../../../src/agent/image.ts';

describe('imageRepository / isOfficialImage', () => {
  const official: [string, string][] = [
    ['netdata/netdata', 'netdata/netdata'],
    ['netdata/netdata:stable', 'netdata/netdata'],
    ['docker.io/netdata/netdata:stable', 'netdata/netdata'],
    ['index.docker.io/netdata/netdata:v1.47.5', 'netdata/netdata'],
    [`ghcr.io/netdata/netdata@sha256:${'0a'.repeat(32)}`, 'netdata/netdata'],
    [`ghcr.io/netdata/netdata:v2.3.0@sha256:${'0a'.repeat(32)}`, 'netdata/netdata'],
    ['localhost:5000/netdata/netdata:v2', 'netdata/netdata'],
    ['localhost/netdata/netdata', 'netdata/netdata'],
    ['quay.io/netdata/netdata:edge', 'netdata/netdata'],
  ];
  for (const [image, repo] of official) {
    it(`${image} is the official image`, () => {
      assert.equal(imageRepository(image), repo);
      assert.equal(isOfficialImage(image), true);
    });
  }
  const others: [string, string][] = [
    ['netdata/netdata-foo', 'netdata/netdata-foo'],
    ['netdata/netdata-foo:latest', 'netdata/netdata-foo'],
    ['mynetdata/netdata:stable', 'mynetdata/netdata'],
    ['netdata', 'netdata'],
    ['docker.io/library/ubuntu:24.04', 'ubuntu'],
    ['registry.example.com:5000/mirror/netdata/netdata:stable', 'mirror/netdata/netdata'],
    ['netdata/agent-sidecar', 'netdata/agent-sidecar'],
  ];
  for (const [image, repo] of others) {
    it(`${image} is not`, () => {
      assert.equal(imageRepository(image), repo);
      assert.equal(isOfficialImage(image), false);
    });
  }
  it('an image ID is not the official image', () => {
    assert.equal(isOfficialImage(`sha256:${'ab'.repeat(32)}`), false);
  });
});
