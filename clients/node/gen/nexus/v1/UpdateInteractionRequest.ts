// Original file: ../../proto/nexus/v1/interaction_service.proto

import type { Interaction as _nexus_v1_Interaction, Interaction__Output as _nexus_v1_Interaction__Output } from '../../nexus/v1/Interaction';
import type { FieldMask as _google_protobuf_FieldMask, FieldMask__Output as _google_protobuf_FieldMask__Output } from '../../google/protobuf/FieldMask';

export interface UpdateInteractionRequest {
  'interaction'?: (_nexus_v1_Interaction | null);
  'updateMask'?: (_google_protobuf_FieldMask | null);
  'requestId'?: (string);
  'actor'?: (string);
}

export interface UpdateInteractionRequest__Output {
  'interaction': (_nexus_v1_Interaction__Output | null);
  'updateMask': (_google_protobuf_FieldMask__Output | null);
  'requestId': (string);
  'actor': (string);
}
