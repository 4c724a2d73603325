// Original file: ../../proto/nexus/v1/interaction_service.proto


export interface DeclineInteractionRequest {
  'name'?: (string);
  'reason'?: (string);
  'etag'?: (string);
  'requestId'?: (string);
  'actor'?: (string);
}

export interface DeclineInteractionRequest__Output {
  'name': (string);
  'reason': (string);
  'etag': (string);
  'requestId': (string);
  'actor': (string);
}
