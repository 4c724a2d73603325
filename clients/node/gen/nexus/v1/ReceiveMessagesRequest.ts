// Original file: ../../proto/nexus/v1/channel_service.proto

import type { InboundMessage as _nexus_v1_InboundMessage, InboundMessage__Output as _nexus_v1_InboundMessage__Output } from '../../nexus/v1/InboundMessage';

export interface ReceiveMessagesRequest {
  'channel'?: (string);
  'messages'?: (_nexus_v1_InboundMessage)[];
}

export interface ReceiveMessagesRequest__Output {
  'channel': (string);
  'messages': (_nexus_v1_InboundMessage__Output)[];
}
