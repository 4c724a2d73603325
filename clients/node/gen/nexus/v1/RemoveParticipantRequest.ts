// Original file: ../../proto/nexus/v1/interaction_service.proto


export interface RemoveParticipantRequest {
  'name'?: (string);
  'requestId'?: (string);
  'actor'?: (string);
}

export interface RemoveParticipantRequest__Output {
  'name': (string);
  'requestId': (string);
  'actor': (string);
}
