// Original file: ../../proto/nexus/v1/interaction_service.proto

import type { Message as _nexus_v1_Message, Message__Output as _nexus_v1_Message__Output } from '../../nexus/v1/Message';

export interface ListMessagesResponse {
  'messages'?: (_nexus_v1_Message)[];
  'nextPageToken'?: (string);
}

export interface ListMessagesResponse__Output {
  'messages': (_nexus_v1_Message__Output)[];
  'nextPageToken': (string);
}
