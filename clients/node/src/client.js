// nexus client for Node.js: gRPC over TLS to the Envoy sidecar (HTTPS/443).
//
// The services are loaded from the repository's proto/ with @grpc/proto-loader, using the
// same options as the TypeScript types in gen/ (regenerate with `npm run generate`):
// lowerCamel field names, enums as their names, 64-bit integers as strings.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const PROTO_DIR = path.resolve(__dirname, '..', '..', '..', 'proto');
const FILES = [
  'nexus/v1/interaction_service.proto',
  'nexus/v1/webhook_service.proto',
  'nexus/v1/channel_service.proto',
  'nexus/v1/event_service.proto',
  'nexus/v1/access_service.proto',
];
const LOADER_OPTIONS = {
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_DIR],
};

/** The loaded nexus.v1 package (service constructors and message types). */
function loadNexus() {
  const definition = protoLoader.loadSync(FILES, LOADER_OPTIONS);
  return grpc.loadPackageDefinition(definition).nexus.v1;
}

/**
 * Clients for the four services, sharing one TLS channel and sending the API key.
 *
 * @param {object} options
 * @param {string} options.address  host:port of Envoy, e.g. "localhost:443"
 * @param {string} options.apiKey   the tenant's API key (sent as x-api-key)
 * @param {string} [options.caFile] PEM CA to trust (the dev CA of `nexus up`); system roots otherwise
 */
function connect({ address, apiKey, caFile }) {
  const nexus = loadNexus();
  const tls = grpc.credentials.createSsl(caFile ? fs.readFileSync(caFile) : null);
  const key = grpc.credentials.createFromMetadataGenerator((_params, callback) => {
    const md = new grpc.Metadata();
    md.set('x-api-key', apiKey);
    callback(null, md);
  });
  const credentials = grpc.credentials.combineChannelCredentials(tls, key);
  const interactions = new nexus.InteractionService(address, credentials);
  // The other clients reuse the first one's channel.
  const shared = { channelOverride: interactions.getChannel() };
  return {
    interactions,
    webhooks: new nexus.WebhookService(address, credentials, shared),
    channels: new nexus.ChannelService(address, credentials, shared),
    events: new nexus.EventService(address, credentials, shared),
    access: new nexus.AccessService(address, credentials, shared),
    close: () => interactions.close(),
  };
}

/** Promise form of a unary call: `await call(client.interactions, 'GetInteraction', {name})`. */
function call(client, method, request, deadlineSeconds = 30) {
  const deadline = new Date(Date.now() + deadlineSeconds * 1000);
  return new Promise((resolve, reject) => {
    client[method](request, { deadline }, (err, response) => (err ? reject(err) : resolve(response)));
  });
}

module.exports = { connect, call, loadNexus, PROTO_DIR };
