// Original file: ../../proto/nexus/v1/interaction_service.proto


export interface WaitInteractionRequest {
  'name'?: (string);
  'reason'?: (string);
  'etag'?: (string);
  'requestId'?: (string);
  'actor'?: (string);
}

export interface WaitInteractionRequest__Output {
  'name': (string);
  'reason': (string);
  'etag': (string);
  'requestId': (string);
  'actor': (string);
}
