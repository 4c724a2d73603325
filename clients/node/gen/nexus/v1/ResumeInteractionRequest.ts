// Original file: ../../proto/nexus/v1/interaction_service.proto


export interface ResumeInteractionRequest {
  'name'?: (string);
  'etag'?: (string);
  'requestId'?: (string);
  'actor'?: (string);
}

export interface ResumeInteractionRequest__Output {
  'name': (string);
  'etag': (string);
  'requestId': (string);
  'actor': (string);
}
