// Original file: ../../proto/nexus/v1/delivery.proto

import type { DeliveryStatus as _nexus_v1_DeliveryStatus, DeliveryStatus__Output as _nexus_v1_DeliveryStatus__Output } from '../../nexus/v1/DeliveryStatus';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface Delivery {
  'name'?: (string);
  'eventId'?: (string);
  'eventType'?: (string);
  'interaction'?: (string);
  'status'?: (_nexus_v1_DeliveryStatus);
  'attemptCount'?: (number);
  'nextAttemptTime'?: (_google_protobuf_Timestamp | null);
  'lastStatusCode'?: (number);
  'createTime'?: (_google_protobuf_Timestamp | null);
  'updateTime'?: (_google_protobuf_Timestamp | null);
}

export interface Delivery__Output {
  'name': (string);
  'eventId': (string);
  'eventType': (string);
  'interaction': (string);
  'status': (_nexus_v1_DeliveryStatus__Output);
  'attemptCount': (number);
  'nextAttemptTime': (_google_protobuf_Timestamp__Output | null);
  'lastStatusCode': (number);
  'createTime': (_google_protobuf_Timestamp__Output | null);
  'updateTime': (_google_protobuf_Timestamp__Output | null);
}
