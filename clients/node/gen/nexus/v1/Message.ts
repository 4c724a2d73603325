// Original file: ../../proto/nexus/v1/interaction.proto

import type { Direction as _nexus_v1_Direction, Direction__Output as _nexus_v1_Direction__Output } from '../../nexus/v1/Direction';
import type { Attachment as _nexus_v1_Attachment, Attachment__Output as _nexus_v1_Attachment__Output } from '../../nexus/v1/Attachment';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { MessageDelivery as _nexus_v1_MessageDelivery, MessageDelivery__Output as _nexus_v1_MessageDelivery__Output } from '../../nexus/v1/MessageDelivery';
import type { Long } from '@grpc/proto-loader';

export interface Message {
  'name'?: (string);
  'index'?: (number | string | Long);
  'sender'?: (string);
  'direction'?: (_nexus_v1_Direction);
  'text'?: (string);
  'attachments'?: (_nexus_v1_Attachment)[];
  'internal'?: (boolean);
  'externalId'?: (string);
  'createTime'?: (_google_protobuf_Timestamp | null);
  'readTime'?: (_google_protobuf_Timestamp | null);
  'delivery'?: (_nexus_v1_MessageDelivery | null);
}

export interface Message__Output {
  'name': (string);
  'index': (string);
  'sender': (string);
  'direction': (_nexus_v1_Direction__Output);
  'text': (string);
  'attachments': (_nexus_v1_Attachment__Output)[];
  'internal': (boolean);
  'externalId': (string);
  'createTime': (_google_protobuf_Timestamp__Output | null);
  'readTime': (_google_protobuf_Timestamp__Output | null);
  'delivery': (_nexus_v1_MessageDelivery__Output | null);
}
