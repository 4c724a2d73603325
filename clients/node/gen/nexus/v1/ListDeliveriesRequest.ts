// Original file: ../../proto/nexus/v1/webhook_service.proto

import type { DeliveryStatus as _nexus_v1_DeliveryStatus, DeliveryStatus__Output as _nexus_v1_DeliveryStatus__Output } from '../../nexus/v1/DeliveryStatus';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface ListDeliveriesRequest {
  'parent'?: (string);
  'pageSize'?: (number);
  'pageToken'?: (string);
  'statuses'?: (_nexus_v1_DeliveryStatus)[];
  'eventTypes'?: (string)[];
  'startTime'?: (_google_protobuf_Timestamp | null);
  'endTime'?: (_google_protobuf_Timestamp | null);
}

export interface ListDeliveriesRequest__Output {
  'parent': (string);
  'pageSize': (number);
  'pageToken': (string);
  'statuses': (_nexus_v1_DeliveryStatus__Output)[];
  'eventTypes': (string)[];
  'startTime': (_google_protobuf_Timestamp__Output | null);
  'endTime': (_google_protobuf_Timestamp__Output | null);
}
