// Original file: ../../proto/nexus/v1/webhook_service.proto

import type { Webhook as _nexus_v1_Webhook, Webhook__Output as _nexus_v1_Webhook__Output } from '../../nexus/v1/Webhook';

export interface ListWebhooksResponse {
  'webhooks'?: (_nexus_v1_Webhook)[];
  'nextPageToken'?: (string);
}

export interface ListWebhooksResponse__Output {
  'webhooks': (_nexus_v1_Webhook__Output)[];
  'nextPageToken': (string);
}
