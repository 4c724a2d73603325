// Original file: ../../proto/nexus/v1/webhook_service.proto

import type { DeliveryAttempt as _nexus_v1_DeliveryAttempt, DeliveryAttempt__Output as _nexus_v1_DeliveryAttempt__Output } from '../../nexus/v1/DeliveryAttempt';

export interface ListDeliveryAttemptsResponse {
  'attempts'?: (_nexus_v1_DeliveryAttempt)[];
  'nextPageToken'?: (string);
}

export interface ListDeliveryAttemptsResponse__Output {
  'attempts': (_nexus_v1_DeliveryAttempt__Output)[];
  'nextPageToken': (string);
}
