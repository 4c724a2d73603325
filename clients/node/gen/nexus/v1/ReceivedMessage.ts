// Original file: ../../proto/nexus/v1/channel_service.proto

import type { Message as _nexus_v1_Message, Message__Output as _nexus_v1_Message__Output } from '../../nexus/v1/Message';
import type { Status as _google_rpc_Status, Status__Output as _google_rpc_Status__Output } from '../../google/rpc/Status';

export interface ReceivedMessage {
  'message'?: (_nexus_v1_Message | null);
  'interaction'?: (string);
  'duplicate'?: (boolean);
  'error'?: (_google_rpc_Status | null);
}

export interface ReceivedMessage__Output {
  'message': (_nexus_v1_Message__Output | null);
  'interaction': (string);
  'duplicate': (boolean);
  'error': (_google_rpc_Status__Output | null);
}
