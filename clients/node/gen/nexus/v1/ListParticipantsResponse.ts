// Original file: ../../proto/nexus/v1/interaction_service.proto

import type { Participant as _nexus_v1_Participant, Participant__Output as _nexus_v1_Participant__Output } from '../../nexus/v1/Participant';

export interface ListParticipantsResponse {
  'participants'?: (_nexus_v1_Participant)[];
  'nextPageToken'?: (string);
}

export interface ListParticipantsResponse__Output {
  'participants': (_nexus_v1_Participant__Output)[];
  'nextPageToken': (string);
}
