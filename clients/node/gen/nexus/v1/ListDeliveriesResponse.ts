// Original file: ../../proto/nexus/v1/webhook_service.proto

import type { Delivery as _nexus_v1_Delivery, Delivery__Output as _nexus_v1_Delivery__Output } from '../../nexus/v1/Delivery';

export interface ListDeliveriesResponse {
  'deliveries'?: (_nexus_v1_Delivery)[];
  'nextPageToken'?: (string);
}

export interface ListDeliveriesResponse__Output {
  'deliveries': (_nexus_v1_Delivery__Output)[];
  'nextPageToken': (string);
}
