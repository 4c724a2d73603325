// Original file: ../../proto/nexus/v1/interaction.proto

import type { ParticipantRole as _nexus_v1_ParticipantRole, ParticipantRole__Output as _nexus_v1_ParticipantRole__Output } from '../../nexus/v1/ParticipantRole';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface TypingIndicator {
  'sender'?: (string);
  'role'?: (_nexus_v1_ParticipantRole);
  'active'?: (boolean);
  'expireTime'?: (_google_protobuf_Timestamp | null);
  'reason'?: (string);
}

export interface TypingIndicator__Output {
  'sender': (string);
  'role': (_nexus_v1_ParticipantRole__Output);
  'active': (boolean);
  'expireTime': (_google_protobuf_Timestamp__Output | null);
  'reason': (string);
}
