// Original file: ../../proto/nexus/v1/webhook.proto

import type { MediaType as _nexus_v1_MediaType, MediaType__Output as _nexus_v1_MediaType__Output } from '../../nexus/v1/MediaType';
import type { WebhookFormat as _nexus_v1_WebhookFormat, WebhookFormat__Output as _nexus_v1_WebhookFormat__Output } from '../../nexus/v1/WebhookFormat';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface Webhook {
  'name'?: (string);
  'url'?: (string);
  'description'?: (string);
  'eventTypes'?: (string)[];
  'mediaTypes'?: (_nexus_v1_MediaType)[];
  'headers'?: ({[key: string]: string});
  'enabled'?: (boolean);
  'format'?: (_nexus_v1_WebhookFormat);
  'secret'?: (string);
  'disabledReason'?: (string);
  'createTime'?: (_google_protobuf_Timestamp | null);
  'updateTime'?: (_google_protobuf_Timestamp | null);
  'previousSecretExpireTime'?: (_google_protobuf_Timestamp | null);
  'etag'?: (string);
  '_enabled'?: "enabled";
}

export interface Webhook__Output {
  'name': (string);
  'url': (string);
  'description': (string);
  'eventTypes': (string)[];
  'mediaTypes': (_nexus_v1_MediaType__Output)[];
  'headers': ({[key: string]: string});
  'enabled'?: (boolean);
  'format': (_nexus_v1_WebhookFormat__Output);
  'secret': (string);
  'disabledReason': (string);
  'createTime': (_google_protobuf_Timestamp__Output | null);
  'updateTime': (_google_protobuf_Timestamp__Output | null);
  'previousSecretExpireTime': (_google_protobuf_Timestamp__Output | null);
  'etag': (string);
  '_enabled'?: "enabled";
}
