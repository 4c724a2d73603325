// Original file: ../../proto/nexus/v1/interaction_service.proto


export interface WrapUpInteractionRequest {
  'name'?: (string);
  'etag'?: (string);
  'requestId'?: (string);
  'actor'?: (string);
}

export interface WrapUpInteractionRequest__Output {
  'name': (string);
  'etag': (string);
  'requestId': (string);
  'actor': (string);
}
