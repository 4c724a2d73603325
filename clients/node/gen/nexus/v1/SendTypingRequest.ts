// Original file: ../../proto/nexus/v1/interaction_service.proto

import type { ParticipantRole as _nexus_v1_ParticipantRole, ParticipantRole__Output as _nexus_v1_ParticipantRole__Output } from '../../nexus/v1/ParticipantRole';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration';

export interface SendTypingRequest {
  'name'?: (string);
  'sender'?: (string);
  'role'?: (_nexus_v1_ParticipantRole);
  'active'?: (boolean);
  'ttl'?: (_google_protobuf_Duration | null);
}

export interface SendTypingRequest__Output {
  'name': (string);
  'sender': (string);
  'role': (_nexus_v1_ParticipantRole__Output);
  'active': (boolean);
  'ttl': (_google_protobuf_Duration__Output | null);
}
