// Original file: ../../proto/nexus/v1/channel_service.proto

import type { MessageDeliveryState as _nexus_v1_MessageDeliveryState, MessageDeliveryState__Output as _nexus_v1_MessageDeliveryState__Output } from '../../nexus/v1/MessageDeliveryState';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface Receipt {
  'message'?: (string);
  'providerMessageId'?: (string);
  'state'?: (_nexus_v1_MessageDeliveryState);
  'errorCode'?: (string);
  'errorMessage'?: (string);
  'providerTime'?: (_google_protobuf_Timestamp | null);
}

export interface Receipt__Output {
  'message': (string);
  'providerMessageId': (string);
  'state': (_nexus_v1_MessageDeliveryState__Output);
  'errorCode': (string);
  'errorMessage': (string);
  'providerTime': (_google_protobuf_Timestamp__Output | null);
}
