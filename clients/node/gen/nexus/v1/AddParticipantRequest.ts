// Original file: ../../proto/nexus/v1/interaction_service.proto

import type { Participant as _nexus_v1_Participant, Participant__Output as _nexus_v1_Participant__Output } from '../../nexus/v1/Participant';

export interface AddParticipantRequest {
  'parent'?: (string);
  'participant'?: (_nexus_v1_Participant | null);
  'requestId'?: (string);
  'actor'?: (string);
}

export interface AddParticipantRequest__Output {
  'parent': (string);
  'participant': (_nexus_v1_Participant__Output | null);
  'requestId': (string);
  'actor': (string);
}
