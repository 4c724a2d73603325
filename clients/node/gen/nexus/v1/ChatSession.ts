// Original file: ../../proto/nexus/v1/access.proto

import type { Interaction as _nexus_v1_Interaction, Interaction__Output as _nexus_v1_Interaction__Output } from '../../nexus/v1/Interaction';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { Long } from '@grpc/proto-loader';

export interface ChatSession {
  'interaction'?: (_nexus_v1_Interaction | null);
  'customer'?: (string);
  'token'?: (string);
  'expireTime'?: (_google_protobuf_Timestamp | null);
  'cursor'?: (number | string | Long);
}

export interface ChatSession__Output {
  'interaction': (_nexus_v1_Interaction__Output | null);
  'customer': (string);
  'token': (string);
  'expireTime': (_google_protobuf_Timestamp__Output | null);
  'cursor': (string);
}
