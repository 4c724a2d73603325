// Original file: ../../proto/nexus/v1/webhook_service.proto

import type { Webhook as _nexus_v1_Webhook, Webhook__Output as _nexus_v1_Webhook__Output } from '../../nexus/v1/Webhook';

export interface CreateWebhookRequest {
  'webhook'?: (_nexus_v1_Webhook | null);
  'requestId'?: (string);
}

export interface CreateWebhookRequest__Output {
  'webhook': (_nexus_v1_Webhook__Output | null);
  'requestId': (string);
}
