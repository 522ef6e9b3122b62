import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountId, platformOf, postId, PostSchema } from '../../src/model/index.js';

test('qualified ids carry their platform', () => {
  assert.equal(postId('mastodon', 'example.social', '1100'), 'mastodon:example.social:1100');
  assert.equal(platformOf(accountId('bsky', 'did:plc:abc')), 'bsky');
});

test('a post without an author is rejected by the schema', () => {
  const result = PostSchema.safeParse({ id: 'x:1', platform: 'x', createdAt: 0, text: '', hashtags: [], urls: [], mentions: [], media: [] });
  assert.equal(result.success, false);
});
