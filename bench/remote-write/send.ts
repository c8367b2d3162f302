/**
 * Sends prebuilt remote_write bodies to one receiver with a fixed number in flight, as
 * Prometheus' queue manager does with its shards: each lane owns some slices of the series
 * and sends their requests in order (Prometheus refuses a series' samples out of order); a
 * 429 or 5xx is retried with the same body after its Retry-After (or 100 ms), any other
 * refusal is counted and not retried.
 */
import { Agent, request } from 'node:http';
import { remoteWriteHeaders } from '../../collectors/prometheus/testing.js';
import type { Body } from './series.js';

export interface Phase {
  acknowledged: number;
  refusedRequests: number;
  retries: number;
  /** first send → last acknowledgement */
  seconds: number;
  errors: string[];
}

function post(agent: Agent, url: URL, body: Buffer): Promise<{ status: number; retryAfter?: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...remoteWriteHeaders, 'Content-Length': body.length } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, retryAfter: res.headers['retry-after'], text }));
    });
    req.once('error', reject);
    req.end(body);
  });
}

export async function sendAll(writeUrl: string, bodies: Body[], inFlight: number): Promise<Phase> {
  const url = new URL(writeUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  const phase: Phase = { acknowledged: 0, refusedRequests: 0, retries: 0, seconds: 0, errors: [] };
  const started = performance.now();
  let lastAck = started;
  async function lane(_: unknown, lane: number): Promise<void> {
    for (const body of bodies) {
      if (body.slice % inFlight !== lane) continue;
      for (;;) {
        const reply = await post(agent, url, body.bytes);
        if (reply.status >= 200 && reply.status < 300) {
          phase.acknowledged += body.samples;
          lastAck = performance.now();
          break;
        }
        if (reply.status === 429 || reply.status >= 500) {
          phase.retries++;
          await new Promise((r) => setTimeout(r, reply.retryAfter ? Number(reply.retryAfter) * 1000 : 100));
          continue;
        }
        phase.refusedRequests++;
        if (phase.errors.length < 3) phase.errors.push(`${reply.status} ${reply.text.slice(0, 200)}`);
        break;
      }
    }
  }
  await Promise.all(Array.from({ length: inFlight }, lane));
  agent.destroy();
  phase.seconds = (lastAck - started) / 1000;
  return phase;
}
