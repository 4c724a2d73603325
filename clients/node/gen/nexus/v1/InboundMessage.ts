// Original file: ../../proto/nexus/v1/channel_service.proto

import type { Attachment as _nexus_v1_Attachment, Attachment__Output as _nexus_v1_Attachment__Output } from '../../nexus/v1/Attachment';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface InboundMessage {
  'externalMessageId'?: (string);
  'customerAddress'?: (string);
  'displayName'?: (string);
  'threadId'?: (string);
  'text'?: (string);
  'attachments'?: (_nexus_v1_Attachment)[];
  'providerTime'?: (_google_protobuf_Timestamp | null);
  'subject'?: (string);
}

export interface InboundMessage__Output {
  'externalMessageId': (string);
  'customerAddress': (string);
  'displayName': (string);
  'threadId': (string);
  'text': (string);
  'attachments': (_nexus_v1_Attachment__Output)[];
  'providerTime': (_google_protobuf_Timestamp__Output | null);
  'subject': (string);
}
