import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fixture } from '../helpers/paths.js';
import { fetchMedia, isPublicAddress, loadMedia, MediaError, readMediaFile, sniff, type MediaErrorCode } from '../../src/media/index.js';

const jpeg = readFileSync(fixture('pdq/images/wee.jpg'));
let server: Server;
let port = 0;

before(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/img.jpg') return void res.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg);
    if (path === '/lying.jpg') return void res.writeHead(200, { 'content-type': 'image/jpeg' }).end('<html>not an image</html>');
    if (path === '/big') return void res.writeHead(200, { 'content-length': String(3 * 1024 * 1024) }).end(Buffer.alloc(3 * 1024 * 1024));
    if (path === '/big-chunked') {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      for (let i = 0; i < 48; i++) res.write(Buffer.alloc(64 * 1024, 0xff));
      return void res.end();
    }
    if (path === '/to-loopback') return void res.writeHead(302, { location: `http://127.0.0.1:${port}/img.jpg` }).end();
    if (path === '/to-localhost') return void res.writeHead(301, { location: `http://localhost:${port}/img.jpg` }).end();
    if (path === '/loop') return void res.writeHead(302, { location: '/loop' }).end();
    if (path === '/hang') return; // never answers
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

async function rejectsWith(p: Promise<unknown>, code: MediaErrorCode): Promise<MediaError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof MediaError, `expected MediaError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return err;
  }
  assert.fail(`expected MediaError ${code}`);
}

test('address policy: private, loopback, link-local, CGNAT, multicast, ULA and IPv4-in-IPv6 are refused', () => {
  for (const ip of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '198.18.0.1']) {
    assert.equal(isPublicAddress(ip), false, ip);
  }
  for (const ip of ['::1', '::', 'fd00::1', 'fc00::1', 'fe80::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:8.8.8.8', '::ffff:7f00:1', '64:ff9b::7f00:1', '2002:7f00:1::1', '2001:db8::1']) {
    assert.equal(isPublicAddress(ip), false, ip);
  }
  for (const ip of ['8.8.8.8', '1.1.1.1', '93.184.216.34', '2606:4700:4700::1111', '2a00:1450:4001::200e']) assert.equal(isPublicAddress(ip), true, ip);
  assert.equal(isPublicAddress('example.org'), false);
});

test('a loopback server is refused by IP literal, by name after DNS, and as a redirect target', async () => {
  await rejectsWith(fetchMedia(`http://127.0.0.1:${port}/img.jpg`), 'blocked_address');
  await rejectsWith(fetchMedia(`http://[::1]:${port}/img.jpg`), 'blocked_address');
  const e = await rejectsWith(fetchMedia(`http://localhost:${port}/img.jpg`), 'blocked_address');
  assert.match(e.message, /localhost resolves to non-public address/);
  // Let only the name "localhost" through (as if it were public): its redirect to 127.0.0.1 is refused.
  const onlyLocalhost = (_address: string, host: string) => host === 'localhost';
  const ok = await fetchMedia(`http://localhost:${port}/img.jpg`, { allowPrivate: onlyLocalhost });
  assert.equal(ok.sniffed.mime, 'image/jpeg');
  await rejectsWith(fetchMedia(`http://localhost:${port}/to-loopback`, { allowPrivate: onlyLocalhost }), 'blocked_address');
});

test('with the test-only allowPrivate, a loopback fetch works and follows redirects', async () => {
  const got = await fetchMedia(`http://127.0.0.1:${port}/to-localhost`, { allowPrivate: true });
  assert.deepEqual(Buffer.from(got.bytes), jpeg);
  assert.equal(got.url, `http://localhost:${port}/img.jpg`);
  assert.equal(got.contentType, 'image/jpeg');
  assert.deepEqual(got.sniffed, { mime: 'image/jpeg', kind: 'image' });
});

test('limits: size (declared and streamed), redirects, time, status, content sniffing, schemes', async () => {
  const base = `http://127.0.0.1:${port}`;
  const o = { allowPrivate: true, maxBytes: 1024 * 1024 };
  await rejectsWith(fetchMedia(`${base}/big`, o), 'too_large');
  await rejectsWith(fetchMedia(`${base}/big-chunked`, o), 'too_large');
  await rejectsWith(fetchMedia(`${base}/loop`, o), 'redirect_limit');
  await rejectsWith(fetchMedia(`${base}/hang`, { ...o, timeoutMs: 300 }), 'timeout');
  await rejectsWith(fetchMedia(`${base}/missing`, o), 'http_status');
  await rejectsWith(fetchMedia(`${base}/lying.jpg`, o), 'unsupported_type');
  await rejectsWith(fetchMedia(`${base}/img.jpg`, { ...o, accept: ['video'] }), 'unsupported_type');
  await rejectsWith(fetchMedia('file:///etc/passwd', o), 'bad_url');
  await rejectsWith(fetchMedia(`http://user:pw@127.0.0.1:${port}/img.jpg`, o), 'bad_url');
  await rejectsWith(fetchMedia('http://no-such-host.invalid/x.jpg'), 'dns_failed');
});

test('local media files: read under the limit and sniffed', async () => {
  const f = await loadMedia(fixture('pdq/images/c.png'));
  assert.equal(f.sniffed.mime, 'image/png');
  await rejectsWith(readMediaFile(fixture('pdq/images/c.png'), { maxBytes: 100 }), 'too_large');
  await rejectsWith(readMediaFile(fixture('pdq/expected.csv')), 'unsupported_type');
  await rejectsWith(readMediaFile(fixture('pdq/nope.jpg')), 'fetch_failed');
});

test('sniffing recognises common formats by their bytes', () => {
  const b = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
  assert.equal(sniff(b('GIF89a....'))?.mime, 'image/gif');
  assert.equal(sniff(b('RIFF\0\0\0\0WEBPVP8 '))?.mime, 'image/webp');
  assert.equal(sniff(b('\0\0\0\x18ftypisom\0\0\0\0'))?.mime, 'video/mp4');
  assert.equal(sniff(b('\0\0\0\x18ftypavif\0\0\0\0'))?.kind, 'image');
  assert.equal(sniff(b('\x1a\x45\xdf\xa3'))?.mime, 'video/webm');
  assert.equal(sniff(b('%PDF-1.7'))?.kind, 'document');
  assert.equal(sniff(b('hello')), undefined);
});
