// The dashboard waits for its first requests to be on the wire before Ink's load holds
// the thread (src/sources/requests-on-the-wire.ts): against local servers, the wait ends
// when the request is handed to the network, and at its bound when it cannot be.
import { once } from 'node:events';
import { request as httpRequest, createServer as createHttpServer } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { noteUnsentRequest, requestsOnTheWire } from '../../src/sources/requests-on-the-wire.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

it('with no request waiting, ends at once', async () => {
  const started = performance.now();
  await requestsOnTheWire(5_000);
  expect(performance.now() - started).toBeLessThan(1_000);
});

it('ends when the request has been sent, long before its bound', async () => {
  const server = createHttpServer(() => undefined).listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => server.close());
  const request = httpRequest({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, path: '/' });
  request.on('error', () => undefined);
  noteUnsentRequest(request);
  request.end();
  expect(request.writableFinished).toBe(false);
  const started = performance.now();
  await requestsOnTheWire(5_000);
  expect(request.writableFinished).toBe(true);
  expect(performance.now() - started).toBeLessThan(2_500);
  cleanups.push(() => request.destroy());
});

it('a request that cannot be sent (its TLS exchange never answered) ends the wait at its bound', async () => {
  const sockets: Socket[] = [];
  const silent = createTcpServer((socket) => sockets.push(socket)).listen(0, '127.0.0.1');
  await once(silent, 'listening');
  cleanups.push(() => {
    sockets.forEach((s) => s.destroy());
    silent.close();
  });
  const request = httpsRequest({ host: '127.0.0.1', port: (silent.address() as AddressInfo).port, path: '/', rejectUnauthorized: false });
  request.on('error', () => undefined);
  noteUnsentRequest(request);
  request.end();
  const started = performance.now();
  await requestsOnTheWire(300);
  const waited = performance.now() - started;
  expect(request.writableFinished).toBe(false);
  expect(waited).toBeGreaterThanOrEqual(290);
  request.destroy();
  await new Promise((resolve) => request.once('close', resolve));
  // Gone, it no longer holds a later wait.
  const again = performance.now();
  await requestsOnTheWire(5_000);
  expect(performance.now() - again).toBeLessThan(1_000);
});
