// Original file: ../../proto/nexus/v1/channel_service.proto

import type { ReceivedMessage as _nexus_v1_ReceivedMessage, ReceivedMessage__Output as _nexus_v1_ReceivedMessage__Output } from '../../nexus/v1/ReceivedMessage';

export interface ReceiveMessagesResponse {
  'results'?: (_nexus_v1_ReceivedMessage)[];
}

export interface ReceiveMessagesResponse__Output {
  'results': (_nexus_v1_ReceivedMessage__Output)[];
}
