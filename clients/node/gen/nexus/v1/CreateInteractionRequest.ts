// Original file: ../../proto/nexus/v1/interaction_service.proto

import type { Interaction as _nexus_v1_Interaction, Interaction__Output as _nexus_v1_Interaction__Output } from '../../nexus/v1/Interaction';

export interface CreateInteractionRequest {
  'interaction'?: (_nexus_v1_Interaction | null);
  'requestId'?: (string);
  'actor'?: (string);
}

export interface CreateInteractionRequest__Output {
  'interaction': (_nexus_v1_Interaction__Output | null);
  'requestId': (string);
  'actor': (string);
}
