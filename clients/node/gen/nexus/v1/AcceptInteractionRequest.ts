// Original file: ../../proto/nexus/v1/interaction_service.proto


export interface AcceptInteractionRequest {
  'name'?: (string);
  'agent'?: (string);
  'etag'?: (string);
  'requestId'?: (string);
  'actor'?: (string);
}

export interface AcceptInteractionRequest__Output {
  'name': (string);
  'agent': (string);
  'etag': (string);
  'requestId': (string);
  'actor': (string);
}
