// Creates a chat interaction, reads it back and prints its events as they happen.
//
//   NEXUS_ADDRESS=localhost:8443 NEXUS_API_KEY=$(cat ../../.nexus/api_key) \
//   NEXUS_CA=../../.nexus/tls/ca.crt node example.js
'use strict';

const { connect, call } = require('./src/client');

async function main() {
  const client = connect({
    address: process.env.NEXUS_ADDRESS || 'localhost:443',
    apiKey: process.env.NEXUS_API_KEY,
    caFile: process.env.NEXUS_CA,
  });
  const created = await call(client.interactions, 'CreateInteraction', {
    interaction: { mediaType: 'MEDIA_TYPE_CHAT', subject: 'Hello from Node.js' },
  });
  console.log('created', created.name, created.state);
  const got = await call(client.interactions, 'GetInteraction', { name: created.name });
  console.log('read back', got.name, got.subject);

  const stream = client.events.WatchEvents({ afterCursor: '0', interaction: created.name });
  stream.on('data', (item) => {
    if (item.event) console.log('event', item.event.cursor, item.event.type);
  });
  stream.on('error', (err) => {
    if (err.code !== 1) console.error(err.message); // 1 = CANCELLED, by us below
  });
  await call(client.interactions, 'QueueInteraction', { name: created.name, queue: 'queues/chat' });
  setTimeout(() => {
    stream.cancel();
    client.close();
  }, 1000);
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
