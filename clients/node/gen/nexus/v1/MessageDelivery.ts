// Original file: ../../proto/nexus/v1/interaction.proto

import type { MessageDeliveryState as _nexus_v1_MessageDeliveryState, MessageDeliveryState__Output as _nexus_v1_MessageDeliveryState__Output } from '../../nexus/v1/MessageDeliveryState';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface MessageDelivery {
  'state'?: (_nexus_v1_MessageDeliveryState);
  'providerMessageId'?: (string);
  'errorCode'?: (string);
  'errorMessage'?: (string);
  'attempts'?: (number);
  'acceptTime'?: (_google_protobuf_Timestamp | null);
  'sendTime'?: (_google_protobuf_Timestamp | null);
  'deliverTime'?: (_google_protobuf_Timestamp | null);
  'readTime'?: (_google_protobuf_Timestamp | null);
  'failTime'?: (_google_protobuf_Timestamp | null);
}

export interface MessageDelivery__Output {
  'state': (_nexus_v1_MessageDeliveryState__Output);
  'providerMessageId': (string);
  'errorCode': (string);
  'errorMessage': (string);
  'attempts': (number);
  'acceptTime': (_google_protobuf_Timestamp__Output | null);
  'sendTime': (_google_protobuf_Timestamp__Output | null);
  'deliverTime': (_google_protobuf_Timestamp__Output | null);
  'readTime': (_google_protobuf_Timestamp__Output | null);
  'failTime': (_google_protobuf_Timestamp__Output | null);
}
