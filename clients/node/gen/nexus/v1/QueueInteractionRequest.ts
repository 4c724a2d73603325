// Original file: ../../proto/nexus/v1/interaction_service.proto


export interface QueueInteractionRequest {
  'name'?: (string);
  'queue'?: (string);
  'etag'?: (string);
  'requestId'?: (string);
  'actor'?: (string);
}

export interface QueueInteractionRequest__Output {
  'name': (string);
  'queue': (string);
  'etag': (string);
  'requestId': (string);
  'actor': (string);
}
