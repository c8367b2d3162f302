import { describe, expect, it } from 'vitest';
import { cdeventKind, commitOfArtifact } from './normalise.js';

describe('cdeventKind', () => {
  it.each([
    ['dev.cdevents.service.deployed.0.2.0', 'service.deployed'],
    ['dev.cdevents.service.deployed.0.1.1', 'service.deployed'],
    ['dev.cdevents.pipelinerun.finished.0.2.0', 'pipelinerun.finished'],
    ['dev.cdevents.incident.detected.0.3.0-draft', 'incident.detected'],
    ['dev.cdevents.service.deployed', undefined],
    ['com.example.service.deployed.0.2.0', undefined],
    ['dev.cdevents.service.deployed.0.2.0.extra', undefined],
  ])('%s → %s', (type, kind) => expect(cdeventKind(type)).toBe(kind));
});

describe('commitOfArtifact', () => {
  it.each([
    ['pkg:github/acme/checkout-api@9F3C1E27B4D85A06C2E91F4B7D3A58E0C6B21F94', '9f3c1e27b4d85a06c2e91f4b7d3a58e0c6b21f94'],
    ['pkg:golang/mygit.com/myorg/myapp@234fd47e07d1004f0aed9c', '234fd47e07d1004f0aed9c'],
    ['pkg:github/acme/api@9f3c1e2?vcs_url=git%2Bhttps://github.com/acme/api#cmd/api', '9f3c1e2'],
    ['pkg:oci/myapp@sha256%3A0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427', ''],
    ['pkg:npm/%40acme/cart@1.4.2', ''],
    ['pkg:maven/com.acme/cart@20261130', ''],
    ['pkg:npm/%40acme/cart', ''],
    ['0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427', ''],
    ['pkg:github/acme/api@%E0%A4%A', ''],
    [undefined, ''],
  ])('%s → "%s"', (artifact, commit) => expect(commitOfArtifact(artifact)).toBe(commit));
});
