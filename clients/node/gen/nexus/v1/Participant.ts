// Original file: ../../proto/nexus/v1/interaction.proto

import type { ParticipantRole as _nexus_v1_ParticipantRole, ParticipantRole__Output as _nexus_v1_ParticipantRole__Output } from '../../nexus/v1/ParticipantRole';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface Participant {
  'name'?: (string);
  'role'?: (_nexus_v1_ParticipantRole);
  'displayName'?: (string);
  'identity'?: (string);
  'joinTime'?: (_google_protobuf_Timestamp | null);
  'leaveTime'?: (_google_protobuf_Timestamp | null);
}

export interface Participant__Output {
  'name': (string);
  'role': (_nexus_v1_ParticipantRole__Output);
  'displayName': (string);
  'identity': (string);
  'joinTime': (_google_protobuf_Timestamp__Output | null);
  'leaveTime': (_google_protobuf_Timestamp__Output | null);
}
