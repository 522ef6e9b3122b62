import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { pdqDistance, pdqFromHex } from '../../src/hashing/pdq-hex.js';
import { accountId } from '../../src/model/index.js';
import { hashAvatars } from '../../src/pipeline/avatars.js';
import { openStore } from '../../src/store/db.js';
import { IngestWriter } from '../../src/store/ingest-writer.js';
import { fixture, tempDir } from '../helpers/paths.js';

/** A real photo (a PDQ test fixture) as an avatar; a returning account's copy is smaller and brighter. */
async function picture(path: string, variant: boolean): Promise<void> {
  let image = sharp(fixture('pdq', 'images', 'square-256x256.jpg'));
  if (variant) image = image.resize(180, 180).modulate({ brightness: 1.08 });
  await image.png().toFile(path);
}

test('avatars are hashed from a mirror folder; a smaller, brighter copy stays near; defaults and missing files are left out', async () => {
  const tmp = tempDir();
  const mirror = join(tmp.dir, 'avatars');
  mkdirSync(mirror);
  await picture(join(mirror, 'old.png'), false);
  await picture(join(mirror, 'new.png'), true);
  const store = await openStore(join(tmp.dir, 'a.db'));
  const writer = new IngestWriter(store.sqlite);
  writer.begin();
  const account = (id: string, avatarUrl: string, defaultAvatar = false) =>
    writer.writeAccount({ id: accountId('x', id), platform: 'x', observedAt: 1, avatarUrl, defaultAvatar });
  account('1', 'https://pbs.example/avatars/old.png');
  account('2', 'https://pbs.example/avatars/new.png');
  account('3', 'https://pbs.example/avatars/missing.png');
  account('4', 'https://pbs.example/avatars/old.png?default', true);
  writer.commit();

  const avatars = await hashAvatars(store, { mediaMirror: mirror });
  assert.equal(avatars.urls, 3, 'the default picture is not even looked at');
  assert.equal(avatars.hashed, 2);
  assert.deepEqual(avatars.notHashed, { fetch_off: 1 });
  const [a, b] = ['old', 'new'].map((n) => pdqFromHex(avatars.pdq.get(`https://pbs.example/avatars/${n}.png`)!));
  assert.ok(pdqDistance(a!, b!) <= 31, `distance ${pdqDistance(a!, b!)}`);

  const unread = await hashAvatars(store, {});
  assert.equal(unread.hashed, 0, 'without a mirror or --fetch-media nothing is read');
  assert.deepEqual(unread.notHashed, { fetch_off: 3 });
  await store.close();
  tmp.cleanup();
});
