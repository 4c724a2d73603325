// Original file: ../../proto/nexus/v1/interaction_service.proto

import type { Message as _nexus_v1_Message, Message__Output as _nexus_v1_Message__Output } from '../../nexus/v1/Message';

export interface SendMessageRequest {
  'parent'?: (string);
  'message'?: (_nexus_v1_Message | null);
  'requestId'?: (string);
  'actor'?: (string);
}

export interface SendMessageRequest__Output {
  'parent': (string);
  'message': (_nexus_v1_Message__Output | null);
  'requestId': (string);
  'actor': (string);
}
