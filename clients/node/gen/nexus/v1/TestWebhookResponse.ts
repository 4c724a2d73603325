// Original file: ../../proto/nexus/v1/webhook_service.proto

import type { Delivery as _nexus_v1_Delivery, Delivery__Output as _nexus_v1_Delivery__Output } from '../../nexus/v1/Delivery';
import type { DeliveryAttempt as _nexus_v1_DeliveryAttempt, DeliveryAttempt__Output as _nexus_v1_DeliveryAttempt__Output } from '../../nexus/v1/DeliveryAttempt';

export interface TestWebhookResponse {
  'delivery'?: (_nexus_v1_Delivery | null);
  'attempt'?: (_nexus_v1_DeliveryAttempt | null);
}

export interface TestWebhookResponse__Output {
  'delivery': (_nexus_v1_Delivery__Output | null);
  'attempt': (_nexus_v1_DeliveryAttempt__Output | null);
}
