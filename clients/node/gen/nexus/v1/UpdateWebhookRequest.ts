// Original file: ../../proto/nexus/v1/webhook_service.proto

import type { Webhook as _nexus_v1_Webhook, Webhook__Output as _nexus_v1_Webhook__Output } from '../../nexus/v1/Webhook';
import type { FieldMask as _google_protobuf_FieldMask, FieldMask__Output as _google_protobuf_FieldMask__Output } from '../../google/protobuf/FieldMask';

export interface UpdateWebhookRequest {
  'webhook'?: (_nexus_v1_Webhook | null);
  'updateMask'?: (_google_protobuf_FieldMask | null);
}

export interface UpdateWebhookRequest__Output {
  'webhook': (_nexus_v1_Webhook__Output | null);
  'updateMask': (_google_protobuf_FieldMask__Output | null);
}
