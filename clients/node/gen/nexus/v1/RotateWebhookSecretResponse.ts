// Original file: ../../proto/nexus/v1/webhook_service.proto

import type { Webhook as _nexus_v1_Webhook, Webhook__Output as _nexus_v1_Webhook__Output } from '../../nexus/v1/Webhook';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface RotateWebhookSecretResponse {
  'webhook'?: (_nexus_v1_Webhook | null);
  'secret'?: (string);
  'previousSecretExpireTime'?: (_google_protobuf_Timestamp | null);
}

export interface RotateWebhookSecretResponse__Output {
  'webhook': (_nexus_v1_Webhook__Output | null);
  'secret': (string);
  'previousSecretExpireTime': (_google_protobuf_Timestamp__Output | null);
}
