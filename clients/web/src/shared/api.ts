// The one way the console and the widget reach nexus: gRPC-Web through Envoy, with typed
// clients generated from proto/ (src/gen), a credential per transport, and the
// google.rpc.Status details of an error turned into something a page can show.
import { createClient, ConnectError, Code, type Client, type Interceptor } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { AccessService } from "../gen/nexus/v1/access_service_pb";
import { ChannelService } from "../gen/nexus/v1/channel_service_pb";
import { EventService } from "../gen/nexus/v1/event_service_pb";
import { InteractionService } from "../gen/nexus/v1/interaction_service_pb";
import { WebhookService } from "../gen/nexus/v1/webhook_service_pb";
import { BadRequestSchema, ErrorInfoSchema, PreconditionFailureSchema } from "../gen/google/rpc/error_details_pb";

/** An API key (console, widget key) or a chat session's token (widget). */
export type Credential = { apiKey: string } | { token: string };

export interface Api {
  access: Client<typeof AccessService>;
  interactions: Client<typeof InteractionService>;
  events: Client<typeof EventService>;
  webhooks: Client<typeof WebhookService>;
  channels: Client<typeof ChannelService>;
}

function authenticating(credential: () => Credential): Interceptor {
  return (next) => (req) => {
    const c = credential();
    if ("apiKey" in c) req.header.set("x-api-key", c.apiKey);
    else req.header.set("authorization", `Bearer ${c.token}`);
    return next(req);
  };
}

/** Typed clients for nexus at `baseUrl` (e.g. `https://nexus.example.com`), calling with
 * the credential `credential()` returns at the time of each call (so a refreshed session
 * token is used from the next call on). */
export function connect(baseUrl: string, credential: () => Credential): Api {
  const transport = createGrpcWebTransport({ baseUrl, interceptors: [authenticating(credential)] });
  return {
    access: createClient(AccessService, transport),
    interactions: createClient(InteractionService, transport),
    events: createClient(EventService, transport),
    webhooks: createClient(WebhookService, transport),
    channels: createClient(ChannelService, transport),
  };
}

/** The clients a customer's chat needs (what a session token may call), without the
 * others: the widget's script then leaves their service descriptors out. */
export type ChatApi = Pick<Api, "access" | "interactions" | "events">;

export function connectChat(baseUrl: string, credential: () => Credential): ChatApi {
  const transport = createGrpcWebTransport({ baseUrl, interceptors: [authenticating(credential)] });
  return {
    access: createClient(AccessService, transport),
    interactions: createClient(InteractionService, transport),
    events: createClient(EventService, transport),
  };
}

/** An API error as a page shows it: the status message, its stable reason, and each
 * field violation (field path → what is wrong), to be shown next to that field. */
export interface Problem {
  code: string;
  message: string;
  reason: string;
  fields: Record<string, string>;
  preconditions: string[];
}

export function problem(err: unknown): Problem {
  const e = ConnectError.from(err);
  const fields: Record<string, string> = {};
  for (const bad of e.findDetails(BadRequestSchema)) {
    for (const v of bad.fieldViolations) fields[v.field] = v.description;
  }
  const preconditions = e
    .findDetails(PreconditionFailureSchema)
    .flatMap((p) => p.violations.map((v) => v.description));
  const info = e.findDetails(ErrorInfoSchema)[0];
  return {
    code: Code[e.code] ?? String(e.code),
    message: e.rawMessage,
    reason: info?.reason ?? "",
    fields,
    preconditions,
  };
}

export { ConnectError, Code };
