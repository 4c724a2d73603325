// Original file: ../../proto/nexus/v1/delivery.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration';

export interface DeliveryAttempt {
  'name'?: (string);
  'attemptTime'?: (_google_protobuf_Timestamp | null);
  'statusCode'?: (number);
  'latency'?: (_google_protobuf_Duration | null);
  'responseBody'?: (Buffer | Uint8Array | string);
  'errorClass'?: (string);
  'error'?: (string);
  'nextAttemptTime'?: (_google_protobuf_Timestamp | null);
  'trigger'?: (string);
}

export interface DeliveryAttempt__Output {
  'name': (string);
  'attemptTime': (_google_protobuf_Timestamp__Output | null);
  'statusCode': (number);
  'latency': (_google_protobuf_Duration__Output | null);
  'responseBody': (Buffer);
  'errorClass': (string);
  'error': (string);
  'nextAttemptTime': (_google_protobuf_Timestamp__Output | null);
  'trigger': (string);
}
