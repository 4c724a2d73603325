// Original file: ../../proto/nexus/v1/interaction_service.proto

import type { Interaction as _nexus_v1_Interaction, Interaction__Output as _nexus_v1_Interaction__Output } from '../../nexus/v1/Interaction';

export interface ListInteractionsResponse {
  'interactions'?: (_nexus_v1_Interaction)[];
  'nextPageToken'?: (string);
}

export interface ListInteractionsResponse__Output {
  'interactions': (_nexus_v1_Interaction__Output)[];
  'nextPageToken': (string);
}
