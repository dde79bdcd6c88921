import { describe, expect, it } from 'vitest';
import { createTestApp, skeletonGraph } from '../api/test-support.ts';

const METRICS_TOKEN = 'metrics-token-0123456789';

/** The value of one sample line (`name{labels} value`) in Prometheus text. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics and request ids', () => {
  it('counts requests by route pattern, events ingested, runs by status, queue depth and lag', async () => {
    const t = await createTestApp({ METRICS_TOKEN });
    const { id } = (await t.call('POST', '/api/journeys', { name: 'j', graph: skeletonGraph() })).body;
    await t.call('POST', `/api/journeys/${id}/publish`);
    await t.call('POST', `/api/journeys/${id}/enroll`, { contactIds: ['c1', 'c2'] });
    await t.call('GET', `/api/journeys/${id}`);
    await t.call('GET', '/api/journeys/jrn_missing');
    await t.call('POST', '/api/events/batch', { events: [{ contactId: 'c1', type: 'x', messageId: 'm1' }, { contactId: 'c1', type: 'x', messageId: 'm1' }] });
    t.clock.advance(5000);

    const res = await t.call('GET', '/metrics', undefined, { Authorization: `Bearer ${METRICS_TOKEN}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/plain/);
    const text = res.text;
    expect(sample(text, 'journey_http_requests_total{method="GET",route="/api/journeys/:id",status="200"}')).toBe(1);
    expect(sample(text, 'journey_http_requests_total{method="GET",route="/api/journeys/:id",status="404"}')).toBe(1);
    expect(sample(text, 'journey_http_request_duration_seconds_count{method="POST",route="/api/events/batch",status="202"}')).toBe(1);
    expect(sample(text, 'journey_events_ingested_total{outcome="stored"}')).toBe(1);
    expect(sample(text, 'journey_events_ingested_total{outcome="duplicate"}')).toBe(1);
    expect(sample(text, 'journey_runs{status="active"}')).toBe(2);
    expect(sample(text, 'journey_runs{status="failed"}')).toBe(0);
    expect(sample(text, 'journey_queue_due_runs')).toBe(2);
    expect(sample(text, 'journey_queue_lag_seconds')).toBe(5);
    expect(sample(text, 'journey_events_unprocessed')).toBe(1);
    expect(sample(text, 'journey_outbox_pending')).toBe(0);
    expect(sample(text, 'journey_store_info{store="sqlite",queue="embedded"}')).toBe(1);
    expect(text).toContain('journey_process_resident_memory_bytes');
  });

  it('lets only admins, operators and the metrics token read it', async () => {
    const t = await createTestApp({ METRICS_TOKEN });
    const operatorKey = (await t.call('POST', '/api/api-keys', { name: 'grafana', scope: 'operator' })).body.key;
    const viewerKey = (await t.call('POST', '/api/api-keys', { name: 'v', scope: 'viewer' })).body.key;
    expect((await t.call('GET', '/metrics')).status).toBe(200);
    expect((await t.call('GET', '/metrics', undefined, { Authorization: `Bearer ${operatorKey}` })).status).toBe(200);
    expect((await t.call('GET', '/metrics', undefined, { Authorization: `Bearer ${viewerKey}` })).status).toBe(403);
    expect((await t.call('GET', '/metrics', undefined, { Authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401);
    expect((await t.call('GET', '/metrics', undefined, { Authorization: '' })).status).toBe(401);
  });

  it('echoes a well-formed X-Request-Id, makes one otherwise, also on errors', async () => {
    const t = await createTestApp();
    expect((await t.call('GET', '/api/health', undefined, { 'X-Request-Id': 'relay-123' })).headers.get('X-Request-Id')).toBe('relay-123');
    const made = (await t.call('GET', '/api/journeys/jrn_x', undefined, { 'X-Request-Id': 'bad id\u0001' })).headers.get('X-Request-Id');
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    expect((await t.call('GET', '/api/journeys', undefined, { Authorization: '' })).headers.get('X-Request-Id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
