// Calls a live nexus through Envoy over TLS. The Python test suite starts server and Envoy
// and runs this with NEXUS_ADDRESS, NEXUS_CA and NEXUS_API_KEY set
// (tests/e2e/test_node_client.py); run it by hand against `nexus up` the same way.
'use strict';

const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const { connect, call } = require('../src/client');

const { NEXUS_ADDRESS, NEXUS_CA, NEXUS_API_KEY } = process.env;
let client;

before(() => {
  assert.ok(NEXUS_ADDRESS && NEXUS_API_KEY, 'set NEXUS_ADDRESS, NEXUS_API_KEY (and NEXUS_CA)');
  client = connect({ address: NEXUS_ADDRESS, apiKey: NEXUS_API_KEY, caFile: NEXUS_CA });
});

after(() => client.close());

/** Collects a stream's events (not heartbeats); `until(n)` resolves once n have arrived. */
function collect(stream) {
  const events = [];
  const waiters = [];
  let failed = null;
  const wake = () => {
    for (const w of waiters.splice(0)) {
      if (failed) w.reject(failed);
      else if (events.length >= w.count) w.resolve(events.slice());
      else waiters.push(w);
    }
  };
  stream.on('data', (item) => {
    if (item.event) events.push(item.event);
    wake();
  });
  stream.on('error', (err) => {
    failed = err;
    wake();
  });
  return {
    until: (count) =>
      new Promise((resolve, reject) => {
        waiters.push({ count, resolve, reject });
        wake();
      }),
  };
}

test('create, read back and watch an interaction', async () => {
  const created = await call(client.interactions, 'CreateInteraction', {
    interaction: { mediaType: 'MEDIA_TYPE_CHAT', subject: 'from node', attributes: { lang: 'en' } },
  });
  assert.match(created.name, /^interactions\//);
  assert.equal(created.state, 'STATE_NEW');

  const got = await call(client.interactions, 'GetInteraction', { name: created.name });
  assert.deepEqual(got, created);

  const stream = client.events.WatchEvents(
    { afterCursor: '0', interaction: created.name },
    { deadline: new Date(Date.now() + 30_000) },
  );
  const events = collect(stream);
  const [first] = await events.until(1);
  assert.equal(first.type, 'interaction.created');
  // Changed only now, while the stream is open: the event must arrive on it.
  await call(client.interactions, 'QueueInteraction', { name: created.name, queue: 'queues/node' });
  const [, changed] = await events.until(2);
  assert.equal(changed.type, 'interaction.state_changed');
  assert.equal(changed.stateChange.toState, 'STATE_QUEUED');
  stream.cancel();
});

test('errors carry the gRPC status code', async () => {
  await assert.rejects(call(client.interactions, 'GetInteraction', { name: 'interactions/none' }), {
    code: 5, // NOT_FOUND
  });
});

test('the key is an admin key; an agent key made with it cannot manage webhooks', async () => {
  const caller = await call(client.access, 'GetCaller', {});
  assert.equal(caller.role, 'API_KEY_ROLE_ADMIN');
  const made = await call(client.access, 'CreateApiKey', {
    apiKey: { displayName: 'node test agent', role: 'API_KEY_ROLE_AGENT' },
  });
  assert.match(made.key, /^nxs_/);
  const agent = connect({ address: NEXUS_ADDRESS, apiKey: made.key, caFile: NEXUS_CA });
  try {
    assert.equal((await call(agent.access, 'GetCaller', {})).role, 'API_KEY_ROLE_AGENT');
    await assert.rejects(call(agent.webhooks, 'ListWebhooks', {}), (err) => err.code === 7);
  } finally {
    agent.close();
    await call(client.access, 'RevokeApiKey', { name: made.name });
  }
});
